namespace TuneBot.Bot.Advice;

/// <summary>One catalog track ranked for a clip: its best window's distance and where that window starts.</summary>
public sealed record ClipMatch(long TrackId, double Distance, double StartSeconds);

/// <summary>
/// INTERIM clip matching until the DTW Recommender (branch <c>recommend</c>) is merged: the clip's 8 s window
/// summaries (MFCC and chroma means and deviations, <see cref="TuneBot.Core.Catalog.WindowSummary"/>) against every
/// stored catalog window, standardised per dimension over the catalog; a track's distance is its nearest window's
/// (Euclidean), and that window's start is where the clip "matched". The theme is the majority cluster among the
/// tracks of the nearest windows (retrieval-findings.md: voting among the 15 nearest 8 s windows predicts a clip's
/// cluster far better than its nearest whole-track centroid); ties go to the nearest window's track.
/// </summary>
public static class ClipMatcher
{
    /// <summary>All tracks with windows, best first.</summary>
    public static IReadOnlyList<ClipMatch> Rank(CatalogSnapshot snapshot, IReadOnlyList<float[]> clipWindows)
    {
        var best = new Dictionary<long, ClipMatch>();
        foreach (var w in snapshot.Windows)
        {
            var d = Nearest(w.Standardized, clipWindows);
            if (!best.TryGetValue(w.TrackId, out var b) || d < b.Distance) best[w.TrackId] = new ClipMatch(w.TrackId, d, w.StartSeconds);
        }
        return best.Values.OrderBy(m => m.Distance).ThenBy(m => m.TrackId).ToList();
    }

    /// <summary>The cluster most of the <paramref name="voters"/> nearest windows belong to; null when no window has a cluster.</summary>
    public static int? VoteTheme(CatalogSnapshot snapshot, IReadOnlyList<float[]> clipWindows, int voters)
    {
        var nearest = snapshot.Windows
            .Select(w => (w.TrackId, Distance: Nearest(w.Standardized, clipWindows)))
            .Where(w => snapshot.ClusterOf.ContainsKey(w.TrackId))
            .OrderBy(w => w.Distance).Take(Math.Max(1, voters)).ToList();
        if (nearest.Count == 0) return null;
        var first = snapshot.ClusterOf[nearest[0].TrackId];
        return nearest.GroupBy(w => snapshot.ClusterOf[w.TrackId])
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key == first ? 0 : 1).ThenBy(g => g.Key)
            .First().Key;
    }

    private static double Nearest(float[] catalogWindow, IReadOnlyList<float[]> clipWindows)
    {
        double best = double.MaxValue;
        foreach (var c in clipWindows)
        {
            double s = 0;
            for (int i = 0; i < c.Length; i++) { double d = c[i] - catalogWindow[i]; s += d * d; }
            best = Math.Min(best, s);
        }
        return Math.Sqrt(best);
    }
}
