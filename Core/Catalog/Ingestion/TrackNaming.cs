using System.Text.RegularExpressions;

namespace TuneBot.Core.Catalog.Ingestion;

/// <summary>Titles and artists for files whose tags lack them.</summary>
public static partial class TrackNaming
{
    /// <summary>
    /// A title from a file name: extension dropped, a leading track number ("01 - ", "07. ", "3_") removed,
    /// underscores turned into spaces, and an all-lowercase name capitalised word by word
    /// ("battle_music.ogg" → "Battle Music", "02 - The Dawn.mp3" → "The Dawn").
    /// </summary>
    public static string TitleFromFileName(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path).Replace('_', ' ').Trim();
        var stripped = LeadingTrackNumber().Replace(name, "").Trim();
        if (stripped.Length > 0) name = stripped;
        name = Spaces().Replace(name, " ");
        if (name.Length == 0) return Path.GetFileName(path);
        if (name == name.ToLowerInvariant())
            name = string.Join(' ', name.Split(' ').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
        return name;
    }

    /// <summary>
    /// The artist when tags have none: the first folder below the scanned root (~/Music/Artist/Album/x.mp3 →
    /// "Artist"; the demo catalog's .demo/music/Battle for Wesnoth OST/x.ogg → "Battle for Wesnoth OST"); null when
    /// the file lies directly in the root or was named itself.
    /// </summary>
    public static string? ArtistFromFolder(string path, string root)
    {
        var relative = Path.GetRelativePath(root, path);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal)) return null;
        var parts = relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 ? parts[0] : null;
    }

    [GeneratedRegex(@"^\(?\d{1,3}\)?\s*([-._)]\s*|\s+)")]
    private static partial Regex LeadingTrackNumber();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
