namespace TuneBot.Bot.Telegram.Exceptions;

/// <summary>
/// The Bot API answered <c>ok: false</c>. <see cref="ErrorCode"/> follows HTTP: 400 bad request (not retried),
/// 403 the user blocked the bot (not retried), 409 another poller or a webhook, 429 flood control (wait
/// <see cref="RetryAfter"/>), 5xx a server fault (retried with backoff). The message never contains the token.
/// </summary>
public sealed class TelegramApiException(string method, int errorCode, string description, TimeSpan? retryAfter)
    : Exception($"Telegram {method} failed with {errorCode}: {description}")
{
    /// <summary>The Bot API method, e.g. "sendMessage".</summary>
    public string Method { get; } = method;
    public int ErrorCode { get; } = errorCode;
    public string Description { get; } = description;
    /// <summary>From <c>parameters.retry_after</c> (429 only).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>True for the errors worth repeating: flood control and server faults.</summary>
    public bool IsTransient => ErrorCode == 429 || ErrorCode >= 500;
}
