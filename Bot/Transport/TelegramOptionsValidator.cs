using Microsoft.Extensions.Options;

namespace TuneBot.Bot.Transport;

/// <summary>
/// Refuses, at start-up, settings the transport cannot honour: a long poll that the HttpClient would cut off
/// (an idle poll would then fail as a timeout every time), a base URL whose path Telegram.Bot would silently drop,
/// and negative retry or timeout figures. Error messages never quote the token.
/// </summary>
public sealed class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    /// <summary>How much longer than the long poll the HttpClient waits, so Telegram's empty answer arrives first.</summary>
    public const int PollMarginSeconds = 2;

    public ValidateOptionsResult Validate(string? name, TelegramOptions o)
    {
        var errors = new List<string>();
        if (o.PollTimeoutSeconds < 0)
            errors.Add($"Telegram:PollTimeoutSeconds must be 0 or more (is {o.PollTimeoutSeconds}).");
        if (o.RequestTimeoutSeconds < 1)
            errors.Add($"Telegram:RequestTimeoutSeconds must be at least 1 (is {o.RequestTimeoutSeconds}).");
        // Only a long poll must end before the HttpClient gives up; webhook mode never polls.
        else if (o.Mode == ReceiveMode.Polling && o.PollTimeoutSeconds + PollMarginSeconds > o.RequestTimeoutSeconds)
            errors.Add($"Telegram:PollTimeoutSeconds ({o.PollTimeoutSeconds}) must be at least {PollMarginSeconds} s below " +
                       $"Telegram:RequestTimeoutSeconds ({o.RequestTimeoutSeconds}), the HttpClient timeout, or every idle long poll times out.");
        if (o.MaxRetries < 0) errors.Add($"Telegram:MaxRetries must be 0 or more (is {o.MaxRetries}).");
        if (o.RetryBaseDelayMs < 1) errors.Add($"Telegram:RetryBaseDelayMs must be at least 1 (is {o.RetryBaseDelayMs}).");
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            errors.Add($"Telegram:ApiBaseUrl must be an absolute http(s) URL (is \"{o.ApiBaseUrl}\").");
        else if (url.AbsolutePath != "/" || url.Query.Length > 0)
            errors.Add($"Telegram:ApiBaseUrl may hold only scheme, host and port (Telegram.Bot drops the rest): \"{o.ApiBaseUrl}\".");
        if (o.Mode == ReceiveMode.Webhook)
        {
            // Telegram posts only to HTTPS; plain http is allowed on loopback, where a test or a local proxy listens.
            if (!Uri.TryCreate(o.WebhookUrl, UriKind.Absolute, out var hook)
                || !(hook.Scheme == Uri.UriSchemeHttps || (hook.Scheme == Uri.UriSchemeHttp && hook.IsLoopback)))
                errors.Add($"Telegram:Mode is webhook, so Telegram:WebhookUrl must be the public https URL Telegram posts to (is \"{o.WebhookUrl}\").");
            if (o.WebhookMaxConnections is < 1 or > 100)
                errors.Add($"Telegram:WebhookMaxConnections must be 1–100 (is {o.WebhookMaxConnections}).");
        }
        if (!string.IsNullOrEmpty(o.Token) && !LooksLikeToken(o.Token))
            errors.Add("The Telegram token (TUNEBOT_TOKEN or Telegram:Token) is not of the form \"123456:ABC…\".");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Telegram.Bot reads the bot id before the colon and throws on anything else; say so before it does.
    private static bool LooksLikeToken(string token)
    {
        var colon = token.IndexOf(':');
        return colon is >= 1 and <= 16 && long.TryParse(token.AsSpan(0, colon), System.Globalization.CultureInfo.InvariantCulture, out _)
               && colon < token.Length - 1;
    }
}
