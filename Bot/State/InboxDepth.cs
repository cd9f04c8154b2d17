namespace TuneBot.Bot.State;

/// <summary>How far behind the inbox is.</summary>
/// <param name="Unfinished">Updates stored and not yet done (queued or claimed).</param>
/// <param name="OldestAgeMs">Age of the oldest of them on the database's clock; 0 when there is none.</param>
public sealed record InboxDepth(long Unfinished, long OldestAgeMs);
