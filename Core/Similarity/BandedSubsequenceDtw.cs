namespace TuneBot.Core.Similarity;

/// <summary>
/// Subsequence DTW under a warping band, the definition the fast search is exact for.
/// <para>
/// What a band means here (as in the UCR suite, Rakthanmanon et al. 2012): the query Q (N frames) is placed on
/// every window W_s = Y[s, s + N) of the track, s = 0 … M − N, and compared by DTW with both ends fixed
/// (path from (0, 0) to (N−1, N−1) of the window) and a Sakoe–Chiba band |i − j| ≤ r around the window's
/// diagonal; frame cost, steps and weights are librosa's (Euclidean, (1,1), (0,1), (1,0), unit weights).
/// The result is the window with the least cost (the earliest on ties): matched start frame s, end s + N − 1.
/// </para>
/// <para>
/// Why: a phone recording of a song plays at the song's own tempo, so the clip lines up with an equally long
/// stretch of the track; the band only absorbs local jitter (r frames either side). Without it the open-ended
/// DP of <see cref="SubsequenceDtw"/> may squeeze a clip onto a few frames, which both costs time and lets
/// unrelated tracks score well. A band of r ≥ N − 1 is unconstrained within the window.
/// </para>
/// </summary>
public static class BandedSubsequenceDtw
{
    /// <summary>Floating-point slack of the pruning tests: a bound prunes only when it exceeds the threshold by
    /// more than this relative amount, so a bound and a DTW sum of the very same float terms added in a
    /// different order can never prune a placement that ties the threshold.</summary>
    internal const double RelativeSlack = 1e-9;

    internal static bool Exceeds(double bound, double threshold) => bound > threshold + Math.Abs(threshold) * RelativeSlack;

    /// <summary>
    /// The plain dynamic programme: banded DTW of the query against every window, no lower bounds, no early
    /// abandoning. The reference the pruned search must reproduce exactly. O(M · N · (2r+1) · d).
    /// </summary>
    /// <param name="band">Sakoe–Chiba radius r in frames (≥ 0).</param>
    public static DtwMatch Reference(FrameSequence query, FrameSequence track, int band)
    {
        if (query.Dims != track.Dims) throw new ArgumentException("Query and track frames must have the same dimension.", nameof(track));
        if (band < 0) throw new ArgumentOutOfRangeException(nameof(band));
        int n = query.Frames, m = track.Frames, d = query.Dims;
        if (n < 1 || m < n) return DtwMatch.None(n);
        var prev = new double[n]; var cur = new double[n];
        double best = double.PositiveInfinity; int bestStart = -1;
        for (int s = 0; s + n <= m; s++)
        {
            double c = WindowCost(query.Data, track.Data.AsSpan(s * d), n, d, band, prev, cur, default, double.PositiveInfinity);
            if (c < best) { best = c; bestStart = s; }
        }
        return bestStart < 0 ? DtwMatch.None(n) : new DtwMatch(best, bestStart, bestStart + n - 1, n);
    }

    /// <summary>
    /// Banded DTW of the query (n frames) against one window (the first n frames of <paramref name="window"/>),
    /// two rows, no allocation. With <paramref name="remainingBound"/> (length n + 1: remainingBound[k] is a lower
    /// bound on what columns k … n−1 of the window add to any path), abandons and returns +∞ once a row's
    /// minimum plus the bound for the columns that row cannot reach yet exceeds <paramref name="abandonAbove"/>.
    /// </summary>
    internal static double WindowCost(ReadOnlySpan<float> query, ReadOnlySpan<float> window, int n, int d, int r,
        Span<double> prev, Span<double> cur, ReadOnlySpan<double> remainingBound, double abandonAbove)
    {
        bool canAbandon = !remainingBound.IsEmpty && !double.IsPositiveInfinity(abandonAbove);
        for (int i = 0; i < n; i++)
        {
            int lo = Math.Max(0, i - r), hi = Math.Min(n - 1, i + r);
            var qi = query.Slice(i * d, d);
            double left = double.PositiveInfinity, rowMin = double.PositiveInfinity;
            for (int j = lo; j <= hi; j++)
            {
                double best;
                if (i == 0) best = j == 0 ? 0 : left;
                else
                {
                    // Order and strict "<" follow librosa's step order (1,1), (0,1), (1,0).
                    best = j > 0 ? prev[j - 1] : double.PositiveInfinity;
                    if (left < best) best = left;
                    if (j <= i - 1 + r && prev[j] < best) best = prev[j];
                }
                double v = best + FrameDistance.Euclidean(qi, window.Slice(j * d, d));
                cur[j] = v;
                left = v;
                if (v < rowMin) rowMin = v;
            }
            if (canAbandon)
            {
                int k = i + r + 1;
                double rest = k < n ? remainingBound[k] : 0;
                if (Exceeds(rowMin + rest, abandonAbove)) return double.PositiveInfinity;
            }
            var t = prev; prev = cur; cur = t;
        }
        return prev[n - 1];
    }
}
