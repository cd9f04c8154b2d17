using TuneBot.Core.Storage;
using TuneBot.Core.Themes;

namespace TuneBot.Core.Map;

/// <summary>One track on the map.</summary>
public readonly record struct MapPoint(double X, double Y, int Cluster);

/// <summary>The marked spot: a track's position (the clip's best match, or the track asked about) and its label.</summary>
public sealed record MapHighlight(double X, double Y, string Label);

/// <summary>What to draw: points, one legend entry per cluster, an optional highlighted spot, texts for a listener.</summary>
public sealed record MapPicture
{
    public required IReadOnlyList<MapPoint> Points { get; init; }

    /// <summary>Legend text per cluster id (clusters without an entry are labelled "Cluster N").</summary>
    public required IReadOnlyDictionary<int, string> Legend { get; init; }
    /// <summary>Theme names drawn on the map by their groups (short: no counts); none when empty.</summary>
    public IReadOnlyDictionary<int, string> Names { get; init; } = new Dictionary<int, string>();
    public MapHighlight? Highlight { get; init; }
    public string Title { get; init; } = "Catalog map";

    /// <summary>One line under the title that says how to read the picture (no axis jargon).</summary>
    public string Caption { get; init; } = "";

    /// <summary>Width and height in pixels (square: a phone shows it full-width; default 1080).</summary>
    public int SizePixels { get; init; } = 1080;
}
