namespace TuneBot.Bot.Transport;

/// <summary>
/// Removes the bot token from any text before it reaches a log or an exception. The token travels in the URL
/// path (<c>/bot&lt;token&gt;/method</c>, <c>/file/bot&lt;token&gt;/path</c>), so any URL or message quoting one would leak it.
/// </summary>
public sealed class TokenRedactor(string? token)
{
    public const string Placeholder = "<redacted>";

    /// <summary>The text with every occurrence of the token replaced by <see cref="Placeholder"/>.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (string.IsNullOrEmpty(token)) return text;
        var s = text.Replace(token, Placeholder, StringComparison.Ordinal);
        // The URL-escaped form ':' → '%3A' appears when a Uri is printed in escaped form.
        var escaped = Uri.EscapeDataString(token);
        return escaped == token ? s : s.Replace(escaped, Placeholder, StringComparison.OrdinalIgnoreCase);
    }
}
