namespace TuneBot.Bot.Telegram.Types;

/// <summary>A Telegram user or bot (Bot API "User").</summary>
public sealed record User
{
    public long Id { get; init; }
    public bool IsBot { get; init; }
    public string FirstName { get; init; } = "";
    public string? LastName { get; init; }
    public string? Username { get; init; }
    /// <summary>IETF language tag of the user's client, e.g. "ko" or "en-US"; may be absent.</summary>
    public string? LanguageCode { get; init; }
}
