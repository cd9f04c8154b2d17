using System.Text.RegularExpressions;

namespace TuneBot.Core.Ingestion;

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
    /// A title tag as a listener should see it, or null when there is none. A tag that is really a file name
    /// ("elysis-subcities.mp3", "calling_bogus") gets the file-name treatment, without its extension and without the
    /// tagged artist written in front of it.
    /// </summary>
    public static string? TitleFromTag(string? title, string? artist)
    {
        var name = title?.Trim();
        if (string.IsNullOrEmpty(name)) return null;
        bool fileName = false;
        if (AudioExtension().Match(name) is { Success: true } ext && ext.Index > 0) { name = name[..ext.Index]; fileName = true; }
        if (!string.IsNullOrWhiteSpace(artist) && name.Length > artist.Length + 1
            && name.StartsWith(artist.Trim(), StringComparison.OrdinalIgnoreCase) && name[artist.Trim().Length] is '-' or '_')
        {
            name = name[(artist.Trim().Length + 1)..];
            fileName = true;
        }
        if (!name.Contains(' ') && name.Contains('_')) fileName = true;
        return fileName ? TitleFromFileName(name + ".tag") : name;
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

    [GeneratedRegex(@"\.(mp3|ogg|oga|opus|flac|wav|aiff?|m4a|aac|wma|mod|xm|it|s3m|mid|midi)$", RegexOptions.IgnoreCase)]
    private static partial Regex AudioExtension();
}
