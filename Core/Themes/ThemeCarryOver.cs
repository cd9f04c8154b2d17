using TuneBot.Core.Storage;
using TuneBot.Core.Themes;

namespace TuneBot.Core.Themes;

/// <summary>A theme of the previous clustering run with its centroid in ORIGINAL summary units.</summary>
public sealed record PreviousTheme(double[] CentroidOriginalUnits, Theme Theme);

/// <summary>
/// Keeps operator-chosen theme names across re-clustering when a cluster is essentially the same.
/// Matching is greedy on distance, one-to-one: all (new, old) pairs are sorted by the distance between the new
/// centroid and the old centroid, both standardised with the NEW run's means and scales (old standardised
/// coordinates are not comparable: the scales were refitted), and taken in that order while both sides are
/// free. A pair counts as "the same cluster" only if that distance is at most <see cref="MatchFraction"/> of both
/// the distance from the new centroid to its nearest other new centroid and the distance from the old centroid to
/// its nearest other old centroid: each must lie well inside the other's territory, whatever the catalog's
/// overall spread, so neither a merge (few new clusters) nor a split (many new clusters) inherits a name.
/// </summary>
public static class ThemeCarryOver
{
    /// <summary>
    /// Fraction of the distance to the nearest other centroid within which two centroids are the same cluster: above
    /// what clusters that kept their tracks scored, below one that absorbed a neighbour (docs/themes.md, "The constants").
    /// </summary>
    public const double MatchFraction = 0.35;

    /// <summary>
    /// For each new cluster id, the index into <paramref name="previousCentroids"/> of its match, if any. Old
    /// centroids of another length (the feature layout changed) never match.
    /// </summary>
    public static IReadOnlyDictionary<int, int> Match(IReadOnlyList<double[]> previousCentroids, ClusterModel current)
    {
        ArgumentNullException.ThrowIfNull(previousCentroids);
        ArgumentNullException.ThrowIfNull(current);
        var result = new Dictionary<int, int>();
        int k = current.K;
        var nearestOther = new double[k];
        for (int c = 0; c < k; c++)
        {
            nearestOther[c] = double.PositiveInfinity;
            for (int o = 0; o < k; o++)
                if (o != c) nearestOther[c] = Math.Min(nearestOther[c], VectorMath.Distance(current.Centroids[c], current.Centroids[o]));
        }

        var old = previousCentroids.Where(p => p.Length == current.Standardizer.Dimensions)
            .Select(p => current.Standardizer.Transform(p)).ToArray();
        var oldIndex = Enumerable.Range(0, previousCentroids.Count).Where(p => previousCentroids[p].Length == current.Standardizer.Dimensions).ToArray();
        var pairs = new List<(int New, int Old, double Distance)>();
        for (int p = 0; p < old.Length; p++)
        {
            double oldNearestOther = double.PositiveInfinity;
            for (int o = 0; o < old.Length; o++)
                if (o != p) oldNearestOther = Math.Min(oldNearestOther, VectorMath.Distance(old[p], old[o]));
            for (int c = 0; c < k; c++)
            {
                double d = VectorMath.Distance(old[p], current.Centroids[c]);
                if (d <= MatchFraction * Math.Min(nearestOther[c], oldNearestOther)) pairs.Add((c, oldIndex[p], d));
            }
        }
        var usedOld = new HashSet<int>();
        foreach (var (c, p, _) in pairs.OrderBy(x => x.Distance).ThenBy(x => x.New).ThenBy(x => x.Old))
        {
            if (result.ContainsKey(c) || usedOld.Contains(p)) continue;
            result[c] = p;
            usedOld.Add(p);
        }
        return result;
    }

    /// <summary>
    /// The fresh automatic themes of the current run, with names carried over from matched previous clusters:
    /// operator names always, automatic ones when the fresh name is in the same cell of the name grid (the same
    /// base name), or when the cluster's <paramref name="traits"/> lie just across the border of the old name's cell
    /// (<see cref="ThemeRules.KeepsCell"/>), so that a qualifier or border decided by a hair does not rename a theme
    /// whose tracks stayed; a cluster that moved further takes its fresh name, so names still agree with descriptions. Valence, arousal, emoji and descriptions stay the fresh ones, since they describe the new
    /// centroid. Names are kept distinct (<see cref="ThemeRules.EnsureDistinct(IReadOnlyList{Theme}, IReadOnlySet{int})"/>),
    /// carried names first.
    /// </summary>
    public static IReadOnlyList<Theme> Apply(IReadOnlyList<Theme> fresh, IReadOnlyList<PreviousTheme> previous, ClusterModel current,
        IReadOnlyList<ThemeTraits>? traits = null)
    {
        var matches = Match(previous.Select(p => p.CentroidOriginalUnits).ToList(), current);
        var result = fresh.ToArray();
        var carried = new HashSet<int>();
        for (int i = 0; i < result.Length; i++)
        {
            if (!matches.TryGetValue(result[i].ClusterId, out var p)) continue;
            var old = previous[p].Theme;
            if (old.RenamedByOperator)
                result[i] = result[i] with { NameEn = old.NameEn, NameKo = old.NameKo, RenamedByOperator = true };
            else if (SameCell(old.NameEn, result[i].NameEn))
            {
                result[i] = result[i] with { NameEn = old.NameEn, NameKo = old.NameKo };
                carried.Add(result[i].ClusterId);
            }
            else if (traits is not null && result[i].ClusterId < traits.Count && ThemeRules.KeepsCell(old.NameEn, traits[result[i].ClusterId]) is { } emoji)
            {
                // Just across a cell border: the name stays while it still fits (see ThemeRules.KeepCellMargin).
                result[i] = result[i] with { NameEn = old.NameEn, NameKo = old.NameKo, Emoji = emoji };
                carried.Add(result[i].ClusterId);
            }
        }
        return ThemeRules.EnsureDistinct(result, carried);
    }

    /// <summary>
    /// Whether two theme names are in the same cell of the name grid: the same base name, whatever qualifier or
    /// number follows ("Calm (slower)", "Calm 2" and "Calm" are one cell).
    /// </summary>
    public static bool SameCell(string a, string b) => string.Equals(BaseName(a), BaseName(b), StringComparison.OrdinalIgnoreCase);

    private static string BaseName(string name)
    {
        int cut = name.IndexOfAny(['(', ' ']);
        return cut < 0 ? name : name[..cut];
    }
}
