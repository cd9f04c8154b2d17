namespace TuneBot.Bot.Telegram.Types;

/// <summary>Why a request failed, in machine form (Bot API "ResponseParameters").</summary>
public sealed record ResponseParameters
{
    /// <summary>Seconds to wait before repeating the request (flood control, HTTP 429).</summary>
    public int? RetryAfter { get; init; }
    public long? MigrateToChatId { get; init; }
}
