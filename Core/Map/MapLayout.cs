using TuneBot.Core.Themes;

namespace TuneBot.Core.Map;

/// <summary>How the map placed its tracks.</summary>
public enum MapLayoutMethod { Tsne, Pca }

/// <summary>Positions of the tracks on the map, in the order they were given.</summary>
public sealed record MapLayoutResult(IReadOnlyList<(double X, double Y)> Positions, MapLayoutMethod Method);

/// <summary>
/// Places tracks for the catalog map: t-SNE up to <see cref="TsneMaxTracks"/> (similar tracks end up side by
/// side and themes as separate islands, which a listener reads at a glance), PCA above it: exact t-SNE is
/// quadratic (timings: docs/performance.md, "Map layout").
/// The last few layouts are kept, so the bot's map of an unchanged catalog costs one t-SNE, not one per request.
/// </summary>
public static class MapLayout
{
    /// <summary>Largest catalog laid out by t-SNE (a few seconds, once per catalog).</summary>
    public const int TsneMaxTracks = 2000;

    /// <summary>Below this t-SNE has too few neighbours to mean anything; PCA draws it.</summary>
    public const int TsneMinTracks = 5;

    /// <summary>Layouts kept, newest first (a few, so tests and tools drawing other catalogs do not evict the bot's).</summary>
    private const int Kept = 8;

    private static readonly Lock Gate = new();
    private static readonly LinkedList<(double[][] Input, int Seed, MapLayoutResult Result)> Recent = new();

    /// <summary>Lays out <paramref name="points"/> (standardised vectors of equal length, at least one).</summary>
    public static MapLayoutResult Place(IReadOnlyList<double[]> points, int seed = 42, int tsneMaxTracks = TsneMaxTracks)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("No points.", nameof(points));
        bool tsne = points.Count >= TsneMinTracks && points.Count <= tsneMaxTracks;
        var method = tsne ? MapLayoutMethod.Tsne : MapLayoutMethod.Pca;
        lock (Gate)
        {
            for (var node = Recent.First; node is not null; node = node.Next)
            {
                if (node.Value.Seed != seed || node.Value.Result.Method != method || !Same(node.Value.Input, points)) continue;
                Recent.Remove(node);
                Recent.AddFirst(node);
                return node.Value.Result;
            }
        }
        MapLayoutResult result;
        if (tsne)
        {
            var xy = Tsne.Embed(points, new TsneOptions { Seed = seed });
            result = new MapLayoutResult(xy.Select(v => (v[0], v[1])).ToList(), MapLayoutMethod.Tsne);
        }
        else
        {
            var pca = Pca.Fit(points, Math.Min(2, points[0].Length));
            result = new MapLayoutResult(points.Select(v => { var xy = pca.Project(v); return (xy[0], xy.Length > 1 ? xy[1] : 0); }).ToList(),
                MapLayoutMethod.Pca);
        }
        lock (Gate)
        {
            Recent.AddFirst((points.Select(v => v.ToArray()).ToArray(), seed, result));
            while (Recent.Count > Kept) Recent.RemoveLast();
        }
        return result;
    }

    private static bool Same(double[][] a, IReadOnlyList<double[]> b)
    {
        if (a.Length != b.Count) return false;
        for (int i = 0; i < a.Length; i++)
            if (!a[i].AsSpan().SequenceEqual(b[i])) return false;
        return true;
    }
}
