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
    /// <summary>Relative slack for bounds summed in float (or computed by a different SIMD kernel than the cost
    /// matrix): a float sum of n positive terms is off by at most ~n · 6e-8 relative, so 1e-4 covers queries of
    /// over a thousand frames; a bound prunes only when it exceeds the threshold by more than this.</summary>
    internal const double FloatBoundSlack = 1e-4;

    /// <summary>Relative slack for bounds summed in double from the very cost-matrix floats the DP adds.</summary>
    internal const double DoubleBoundSlack = 1e-9;

    internal static bool Exceeds(double bound, double threshold, double slack) => bound > threshold + Math.Abs(threshold) * slack;

    /// <summary>
    /// The plain dynamic programme: banded DTW of the query against every window, no lower bounds, no early
    /// abandoning. The reference the pruned search must reproduce exactly. O(M · N · (2r+1)) after the cost matrix.
    /// </summary>
    /// <param name="band">Sakoe–Chiba radius r in frames (≥ 0).</param>
    public static DtwMatch Reference(FrameSequence query, FrameSequence track, int band)
    {
        if (query.Dims != track.Dims) throw new ArgumentException("Query and track frames must have the same dimension.", nameof(track));
        if (band < 0) throw new ArgumentOutOfRangeException(nameof(band));
        int n = query.Frames, m = track.Frames, d = query.Dims;
        if (n < 1 || m < n) return DtwMatch.None(n);
        var cost = new float[n * m];
        FrameCostMatrix.Compute(query.Data, n, track.Data, m, d, new float[m * d], cost);
        var prev = new double[n]; var cur = new double[n];
        double best = double.PositiveInfinity; int bestStart = -1;
        for (int s = 0; s + n <= m; s++)
        {
            double c = WindowCost(cost, m, s, n, band, prev, cur, default, double.PositiveInfinity);
            if (c < best) { best = c; bestStart = s; }
        }
        return bestStart < 0 ? DtwMatch.None(n) : new DtwMatch(best, bestStart, bestStart + n - 1, n);
    }

    /// <summary>
    /// Banded DTW of the query (n frames) against the window starting at track frame <paramref name="s"/>, reading
    /// cells from the cost matrix (<paramref name="cost"/>[i · m + t]); two rows, no allocation. With
    /// <paramref name="remainingBound"/> (remainingBound[i]: a lower bound on what rows i+1 … n−1 add to any path),
    /// abandons and returns +∞ once a row's minimum plus that bound exceeds <paramref name="abandonAbove"/>.
    /// </summary>
    internal static double WindowCost(ReadOnlySpan<float> cost, int m, int s, int n, int r,
        Span<double> prev, Span<double> cur, ReadOnlySpan<double> remainingBound, double abandonAbove)
    {
        bool canAbandon = !remainingBound.IsEmpty && !double.IsPositiveInfinity(abandonAbove);
        for (int i = 0; i < n; i++)
        {
            int lo = Math.Max(0, i - r), hi = Math.Min(n - 1, i + r);
            var row = cost.Slice(i * m + s, n);
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
                double v = best + row[j];
                cur[j] = v;
                left = v;
                if (v < rowMin) rowMin = v;
            }
            if (canAbandon && Exceeds(rowMin + remainingBound[i], abandonAbove, DoubleBoundSlack)) return double.PositiveInfinity;
            var t = prev; prev = cur; cur = t;
        }
        return prev[n - 1];
    }
}
