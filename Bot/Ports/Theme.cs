namespace TuneBot.Bot.Ports;

/// <summary>Identifies a theme: a cluster of a clustering run (null run = the current one).</summary>
public readonly record struct ThemeKey(int? RunId, int ClusterId);

/// <summary>A catalog theme as shown to users.</summary>
/// <param name="Key">Which cluster.</param>
/// <param name="Emoji">One emoji, e.g. "🌙".</param>
/// <param name="Name">Short name in English, e.g. "Late-night calm".</param>
/// <param name="Description">One sentence in English.</param>
/// <param name="NameKo">Korean name, or null when the catalog has none (English is shown).</param>
/// <param name="DescriptionKo">Korean description, or null.</param>
public sealed record Theme(ThemeKey Key, string Emoji, string Name, string Description, string? NameKo = null, string? DescriptionKo = null)
{
    /// <summary>The name in the user's language ("ko" → Korean when present; English otherwise).</summary>
    public string NameIn(string languageCode) => languageCode == "ko" && !string.IsNullOrWhiteSpace(NameKo) ? NameKo : Name;

    /// <summary>The description in the user's language ("ko" → Korean when present; English otherwise).</summary>
    public string DescriptionIn(string languageCode) =>
        languageCode == "ko" && !string.IsNullOrWhiteSpace(DescriptionKo) ? DescriptionKo : Description;
}
