using System.Net;
using Telegram.Bot.Exceptions;

namespace TuneBot.Bot.Transport;

/// <summary>
/// How TuneBot reads Telegram.Bot's exceptions. <see cref="ApiRequestException"/> is Telegram's own answer
/// (<c>error_code</c>: 400 bad request, 403 blocked, 409 another poller, 429 flood control, 5xx server fault);
/// a plain <see cref="RequestException"/> means no usable answer: refused or dropped connection and timeout (no
/// status), or a body that is not the Bot API's JSON (status set, e.g. a proxy's HTML 502 page).
/// </summary>
public static class BotApiFaults
{
    /// <summary>True for the faults worth repeating: flood control, server faults and network faults. Never 400/403/409 or other 4xx.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        ApiRequestException api => api.ErrorCode == 429 || api.ErrorCode >= 500,
        RequestException { HttpStatusCode: null } => true,
        RequestException { HttpStatusCode: { } status } when (int)status >= 500 => true,
        // Cut off while the body streamed (a download dropped midway): the answer never fully arrived.
        RequestException { InnerException: HttpRequestException or IOException } => true,
        _ => false,
    };

    /// <summary>Flood control's own wait (<c>parameters.retry_after</c> of a 429), or null.</summary>
    public static TimeSpan? RetryAfter(Exception? exception) =>
        exception is ApiRequestException { ErrorCode: 429, Parameters.RetryAfter: { } seconds } ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>"code: message → InnerType: inner message …", the way log lines quote a fault (not yet redacted).</summary>
    public static string Describe(Exception? exception)
    {
        if (exception is null) return "";
        var parts = new List<string> { CodeOf(exception) is { } code ? $"{code}: {exception.Message}" : exception.Message };
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
            parts.Add($"{inner.GetType().Name}: {inner.Message}");
        return string.Join(" → ", parts);
    }

    /// <summary>The Bot API error code, the HTTP status, or null when nothing answered.</summary>
    public static int? CodeOf(Exception exception) => exception switch
    {
        ApiRequestException api => api.ErrorCode,
        RequestException { HttpStatusCode: HttpStatusCode status } => (int)status,
        _ => null,
    };
}
