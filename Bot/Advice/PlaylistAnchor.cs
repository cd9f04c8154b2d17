using System.Globalization;

namespace TuneBot.Bot.Advice;

/// <summary>Which kind of playlist an anchor continues.</summary>
public enum AnchorKind
{
    /// <summary>Tracks like a catalog track ("t.RUN.TRACK.OFFSET").</summary>
    Track,
    /// <summary>A theme's tracks ("k.RUN.CLUSTER.OFFSET").</summary>
    Theme,
    /// <summary>A remembered clip's ranking ("c.RUN.CLIPID.OFFSET").</summary>
    Clip,
}

/// <summary>
/// The opaque anchor of a playlist (ASCII, ≤ 48 bytes, no ':'): kind, clustering run, subject and how many tracks
/// were already shown, so "More like this" continues where the playlist stopped. A run id that is no longer the
/// live one makes the anchor stale (NotFound).
/// </summary>
public readonly record struct PlaylistAnchor(AnchorKind Kind, int RunId, string Subject, int Offset)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix(Kind)}.{RunId}.{Subject}.{Offset}");

    public static bool TryParse(string? text, out PlaylistAnchor anchor)
    {
        anchor = default;
        var parts = (text ?? "").Split('.');
        if (parts.Length != 4) return false;
        AnchorKind? kind = parts[0] switch { "t" => AnchorKind.Track, "k" => AnchorKind.Theme, "c" => AnchorKind.Clip, _ => null };
        if (kind is null || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var run)
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || parts[2].Length is 0 or > 20 || !parts[2].All(char.IsAsciiLetterOrDigit))
            return false;
        anchor = new PlaylistAnchor(kind.Value, run, parts[2], offset);
        return true;
    }

    private static string Prefix(AnchorKind kind) => kind switch { AnchorKind.Track => "t", AnchorKind.Theme => "k", _ => "c" };
}
