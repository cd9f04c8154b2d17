namespace TuneBot.Bot.Telegram.Exceptions;

/// <summary>
/// The request did not get an answer: connection refused or dropped, timeout, unreadable body. The original
/// exception is not kept as InnerException because its text could carry the request URL (and so the token);
/// its type and redacted message are in <see cref="Exception.Message"/>.
/// </summary>
public sealed class TelegramNetworkException(string method, string redactedCause)
    : Exception($"Telegram {method} got no usable answer: {redactedCause}")
{
    public string Method { get; } = method;
}
