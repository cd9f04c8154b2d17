namespace TuneBot.Bot.State;

/// <summary>An update claimed from the inbox: this instance holds its lease and must handle it.</summary>
/// <param name="UpdateId">Telegram's update_id (the inbox's key, so a redelivery is stored once).</param>
/// <param name="ChatId">The chat it belongs to: a chat's updates are claimed one at a time, in update_id order.</param>
/// <param name="Payload">The update's JSON as Telegram.Bot serialises it.</param>
/// <param name="Attempts">How many times it has been claimed, this time included (above 1: an earlier holder stopped or crashed).</param>
/// <param name="QueuedMs">How long it had been stored when claimed (the database's clock), for the reply latency.</param>
public sealed record InboxUpdate(long UpdateId, long ChatId, string Payload, int Attempts, long QueuedMs);
