namespace TuneBot.Bot.Ports;

/// <summary>Identifies a theme: a cluster of a clustering run (null run = the current one).</summary>
public readonly record struct ThemeKey(int? RunId, int ClusterId);

/// <summary>A catalog theme as shown to users.</summary>
/// <param name="Key">Which cluster.</param>
/// <param name="Emoji">One emoji, e.g. "🌙".</param>
/// <param name="Name">Short name, e.g. "Late-night calm".</param>
/// <param name="Description">One sentence.</param>
public sealed record Theme(ThemeKey Key, string Emoji, string Name, string Description);
