using TuneBot.Core.Map;

namespace TuneBot.Core.Themes;

/// <summary>One point of the inertia curve.</summary>
/// <param name="K">Number of clusters.</param>
/// <param name="Inertia">Within-cluster sum of squares of the best start at that k.</param>
public readonly record struct ElbowPoint(int K, double Inertia);

/// <summary>Outcome of <see cref="Elbow.Run"/>: the curve, the chosen k and the fit at every k.</summary>
public sealed class ElbowResult
{
    internal ElbowResult(IReadOnlyList<ElbowPoint> curve, int chosenK, IReadOnlyDictionary<int, KMeansResult> fits)
    {
        Curve = curve;
        ChosenK = chosenK;
        Fits = fits;
    }

    /// <summary>Inertia for k = 1 (the anchor, total sum of squares) and every tried k ≥ 2, ascending k.</summary>
    public IReadOnlyList<ElbowPoint> Curve { get; }

    /// <summary>The knee of the curve.</summary>
    public int ChosenK { get; }

    /// <summary>The k-means fit per tried k (k ≥ 2).</summary>
    public IReadOnlyDictionary<int, KMeansResult> Fits { get; }

    /// <summary>The fit at the chosen k.</summary>
    public KMeansResult Chosen => Fits[ChosenK];

    /// <summary>
    /// The elbow-only rule of releases before issue 12 (kept for comparison, e.g. the theme-stability benchmark): the
    /// knee, lowered while its clustering has a cluster smaller than <paramref name="minimumSize"/> (k = the smallest tried at worst).
    /// </summary>
    public int KneeWithClustersOf(int minimumSize)
    {
        int k = ChosenK, smallest = Fits.Keys.Min();
        while (k > smallest && Fits[k].Sizes.Min() < minimumSize) k--;
        return k;
    }
}

/// <summary>
/// Picks k by the elbow of the inertia curve, with the Kneedle rule (Satopää et al. 2011): normalise k and inertia
/// to [0, 1] and take the k whose point lies farthest below the chord from the first to the last point of the
/// curve. The curve starts at k = 1 (inertia = total sum of squares, known without fitting) so that a knee at k = 2
/// is possible — the chord's end points themselves can never be chosen.
/// </summary>
public static class Elbow
{
    /// <summary>Largest k tried for a catalog of <paramref name="trackCount"/> tracks: min(20, tracks / 5), at least
    /// five tracks per cluster on average so that every theme has something to play.</summary>
    public static int MaxK(int trackCount) => Math.Min(20, trackCount / 5);

    /// <summary>Fewest tracks for which the elbow can choose (k = 2 needs 10 tracks under <see cref="MaxK"/>).</summary>
    public const int MinimumTracks = 10;

    /// <summary>
    /// Fits k-means for every k in [<paramref name="minK"/>, <paramref name="maxK"/>] (standardised
    /// <paramref name="points"/>) and returns the curve and its knee. Requires 2 ≤ minK ≤ maxK ≤ n.
    /// </summary>
    public static ElbowResult Run(IReadOnlyList<double[]> points, int minK, int maxK, KMeansOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (minK < 2 || maxK < minK || maxK > points.Count)
            throw new ArgumentOutOfRangeException(nameof(maxK), $"Need 2 ≤ minK ≤ maxK ≤ {points.Count}; got {minK}…{maxK}.");
        var curve = new List<ElbowPoint> { new(1, TotalSumOfSquares(points)) };
        var fits = new Dictionary<int, KMeansResult>();
        for (int k = minK; k <= maxK; k++)
        {
            var fit = KMeans.Fit(points, k, options);
            fits[k] = fit;
            curve.Add(new ElbowPoint(k, fit.Inertia));
        }
        return new ElbowResult(curve, FindKnee(curve), fits);
    }

    /// <summary>
    /// The Kneedle knee of a decreasing, roughly convex curve (ascending k). With only two points the later one
    /// is returned (nothing to compare). Points are taken as given: a local-optimum bump is not smoothed.
    /// </summary>
    public static int FindKnee(IReadOnlyList<ElbowPoint> curve)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Count == 0) throw new ArgumentException("Empty curve.", nameof(curve));
        if (curve.Count <= 2) return curve[^1].K;
        double k0 = curve[0].K, k1 = curve[^1].K;
        double yMax = curve.Max(p => p.Inertia), yMin = curve.Min(p => p.Inertia);
        double yRange = yMax - yMin;
        if (yRange <= 0) return curve[1].K;   // flat: no structure, fewest clusters

        int best = curve[1].K;
        double bestGap = double.NegativeInfinity;
        double yFirst = (curve[0].Inertia - yMin) / yRange, yLast = (curve[^1].Inertia - yMin) / yRange;
        for (int i = 1; i < curve.Count - 1; i++)
        {
            double x = (curve[i].K - k0) / (k1 - k0);
            double y = (curve[i].Inertia - yMin) / yRange;
            double chord = yFirst + (yLast - yFirst) * x;
            double gap = chord - y;   // vertical distance below the chord, proportional to the perpendicular one
            if (gap > bestGap) { bestGap = gap; best = curve[i].K; }
        }
        return best;
    }

    /// <summary>Σ‖x − mean‖², the inertia of a single cluster.</summary>
    public static double TotalSumOfSquares(IReadOnlyList<double[]> points)
    {
        int d = points[0].Length;
        var mean = new double[d];
        foreach (var p in points) for (int j = 0; j < d; j++) mean[j] += p[j];
        for (int j = 0; j < d; j++) mean[j] /= points.Count;
        double total = 0;
        foreach (var p in points) total += VectorMath.SquaredDistance(p, mean);
        return total;
    }
}
