namespace TuneBot.Bot.Telegram.Requests;

/// <summary>getUpdates ("Getting updates"): long polling for new updates.</summary>
public sealed record GetUpdatesRequest
{
    /// <summary>First update id to return; confirms every update below it.</summary>
    public long? Offset { get; init; }
    /// <summary>1–100, default 100.</summary>
    public int? Limit { get; init; }
    /// <summary>Long-poll seconds; 0 is short polling.</summary>
    public int? Timeout { get; init; }
    public string[]? AllowedUpdates { get; init; }
}
