using TuneBot.Core.Map;

namespace TuneBot.Core.Themes;

/// <summary>How well k-means at one k agrees with itself across subsamples of the catalog.</summary>
/// <param name="K">Number of clusters.</param>
/// <param name="MeanAri">Mean adjusted Rand index over all pairs of subsample runs, on the tracks both runs hold.</param>
/// <param name="SmallestCluster">Smallest cluster of the full catalog's fit at this k.</param>
/// <param name="Eligible">The full fit has no cluster below the minimum size (and k is in the allowed range).</param>
public readonly record struct StabilityPoint(int K, double MeanAri, int SmallestCluster, bool Eligible);

/// <summary>Outcome of <see cref="Stability.Choose"/>: the curve and the chosen k.</summary>
/// <param name="Curve">One point per tried k, ascending.</param>
/// <param name="ChosenK">The k the rule picked.</param>
/// <param name="KeptPrevious">The previous run's k was kept because it stayed within tolerance (hysteresis).</param>
public sealed record StabilityResult(IReadOnlyList<StabilityPoint> Curve, int ChosenK, bool KeptPrevious);

/// <summary>
/// Chooses k by stability: a k whose clustering hardly changes when a fifth of the tracks is left out will also
/// hardly change when a listener's catalog gains or loses a few tracks, which the elbow's knee does not promise
/// (docs/themes.md has the measurements). For each k, k-means runs on
/// <see cref="Subsamples"/> subsamples of 80 % of the tracks, and the mean adjusted Rand index between every two runs
/// (on the tracks they share) scores k. The rule: among eligible k, those within <see cref="Tolerance"/> of the best
/// mean ARI are "as stable"; the largest of them is chosen (more themes, as long as they hold still), except that the previous
/// run's k is kept while it stays within <see cref="KeepPreviousTolerance"/> of the best (hysteresis: the score moves
/// a little with every change of the catalog, and k should not flip with it).
/// </summary>
public static class Stability
{
    /// <summary>Subsample runs per k.</summary>
    public const int Subsamples = 16;

    /// <summary>Share of the tracks in each subsample.</summary>
    public const double SubsampleFraction = 0.8;

    /// <summary>Mean-ARI difference below which two k count as equally stable.</summary>
    public const double Tolerance = 0.03;

    /// <summary>
    /// How far below the best mean ARI the previous run's k may fall and still be kept. Wider than
    /// <see cref="Tolerance"/> because the score itself moves with every small change of the catalog (docs/themes.md).
    /// </summary>
    public const double KeepPreviousTolerance = 0.10;

    /// <summary>
    /// Whether the track with stable key <paramref name="key"/> is in subsample <paramref name="subsample"/>. Membership
    /// hashes the track's own key, not its position, so adding or removing 3 tracks leaves every other track's
    /// memberships, and so the subsamples, almost unchanged.
    /// </summary>
    public static bool InSubsample(long key, int subsample)
    {
        ulong x = unchecked((ulong)key * 0x9E3779B97F4A7C15UL + (ulong)(subsample + 1) * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 30; x = unchecked(x * 0xBF58476D1CE4E5B9UL);
        x ^= x >> 27; x = unchecked(x * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53)) < SubsampleFraction;
    }

    /// <summary>
    /// Scores every k in [<paramref name="minK"/>, <paramref name="maxK"/>] on the standardised <paramref name="points"/>
    /// (one stable <paramref name="keys"/> entry per point, e.g. the track id) and picks k by the rule above.
    /// <paramref name="fullFits"/>: the full catalog's fit per k (to check cluster sizes; fitted here when missing).
    /// <paramref name="minimumClusterSize"/>: a k whose full fit has a smaller cluster is not eligible.
    /// <paramref name="previousK"/>: the previous run's k, kept while it is within tolerance. When no k is eligible,
    /// the smallest k is used.
    /// </summary>
    public static StabilityResult Choose(IReadOnlyList<double[]> points, IReadOnlyList<long> keys, int minK, int maxK,
        KMeansOptions options, int minimumClusterSize, int? previousK = null, IReadOnlyDictionary<int, KMeansResult>? fullFits = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count != points.Count) throw new ArgumentException("One key per point.", nameof(keys));
        if (minK < 2 || maxK < minK || maxK > points.Count)
            throw new ArgumentOutOfRangeException(nameof(maxK), $"Need 2 ≤ minK ≤ maxK ≤ {points.Count}; got {minK}…{maxK}.");

        var members = new int[Subsamples][];
        for (int s = 0; s < Subsamples; s++)
            members[s] = Enumerable.Range(0, points.Count).Where(i => InSubsample(keys[i], s)).ToArray();

        var curve = new List<StabilityPoint>();
        for (int k = minK; k <= maxK; k++)
        {
            var full = fullFits is not null && fullFits.TryGetValue(k, out var f) ? f : KMeans.Fit(points, k, options);
            var labels = new int[Subsamples][];   // per subsample, a label per point (−1 = not in it)
            for (int s = 0; s < Subsamples; s++)
            {
                labels[s] = Enumerable.Repeat(-1, points.Count).ToArray();
                if (members[s].Length < k) continue;
                var fit = KMeans.Fit(members[s].Select(i => points[i]).ToList(), k, options with { Seed = options.Seed + s });
                for (int m = 0; m < members[s].Length; m++) labels[s][members[s][m]] = fit.Assignments[m];
            }
            double sum = 0;
            int pairs = 0;
            for (int a = 0; a < Subsamples; a++)
                for (int b = a + 1; b < Subsamples; b++)
                {
                    var shared = Enumerable.Range(0, points.Count).Where(i => labels[a][i] >= 0 && labels[b][i] >= 0).ToList();
                    if (shared.Count < 2) continue;
                    sum += AdjustedRandIndex(shared.Select(i => labels[a][i]).ToList(), shared.Select(i => labels[b][i]).ToList());
                    pairs++;
                }
            int smallest = full.Sizes.Min();
            curve.Add(new StabilityPoint(k, pairs == 0 ? 0 : sum / pairs, smallest, smallest >= minimumClusterSize));
        }

        var eligible = curve.Where(p => p.Eligible).ToList();
        if (eligible.Count == 0) return new StabilityResult(curve, minK, false);
        double best = eligible.Max(p => p.MeanAri);
        if (previousK is { } prev && eligible.Any(p => p.K == prev && p.MeanAri >= best - KeepPreviousTolerance))
            return new StabilityResult(curve, prev, true);
        var stable = eligible.Where(p => p.MeanAri >= best - Tolerance).Select(p => p.K).ToList();
        return new StabilityResult(curve, stable.Max(), false);
    }

    /// <summary>
    /// Hubert–Arabie adjusted Rand index of two labelings of the same items: 1 for the same partition (whatever the
    /// label numbers), about 0 for independent ones. Two single-cluster labelings score 1.
    /// </summary>
    public static double AdjustedRandIndex(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException("Labelings of different lengths.", nameof(b));
        static double Pairs(long n) => n * (n - 1) / 2.0;
        var cells = new Dictionary<(int, int), long>();
        var rows = new Dictionary<int, long>();
        var cols = new Dictionary<int, long>();
        for (int i = 0; i < a.Count; i++)
        {
            cells[(a[i], b[i])] = cells.GetValueOrDefault((a[i], b[i])) + 1;
            rows[a[i]] = rows.GetValueOrDefault(a[i]) + 1;
            cols[b[i]] = cols.GetValueOrDefault(b[i]) + 1;
        }
        double index = cells.Values.Sum(Pairs), sumA = rows.Values.Sum(Pairs), sumB = cols.Values.Sum(Pairs);
        double expected = sumA * sumB / Pairs(a.Count), max = (sumA + sumB) / 2;
        return max == expected ? 1 : (index - expected) / (max - expected);
    }
}
