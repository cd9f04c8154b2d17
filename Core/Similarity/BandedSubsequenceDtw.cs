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
    /// <summary>Relative slack of every pruning test: bounds and DTW are float sums of the same cost-matrix
    /// cells in different orders (or, for the track envelope, of a different SIMD kernel), off by at most
    /// ~(n + d) · 6e-8 relative; 1e-4 covers queries of over a thousand frames. A bound prunes only when it
    /// exceeds the threshold by more than this, so rounding can never drop a placement that ties.</summary>
    internal const double BoundSlack = 1e-4;

    internal static bool Exceeds(double bound, double threshold) => bound > threshold + Math.Abs(threshold) * BoundSlack;

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
        FrameCostMatrix.Compute(query.Data, n, track.Data, m, d, new float[m * d], cost, m);
        var prev = new float[n]; var cur = new float[n];
        double best = double.PositiveInfinity; int bestStart = -1;
        for (int s = 0; s + n <= m; s++)
        {
            double c = WindowCost(cost, m, s, n, band, prev, cur);
            if (c < best) { best = c; bestStart = s; }
        }
        return bestStart < 0 ? DtwMatch.None(n) : new DtwMatch(best, bestStart, bestStart + n - 1, n);
    }

    /// <summary>
    /// Banded DTW of the query (n frames) against the window starting at track frame <paramref name="s"/>, reading
    /// cells from the cost matrix (<paramref name="cost"/>[i · stride + t]); two float rows, no allocation. Each
    /// cell is fl(min(predecessors) + C), so the 8-lane version in <see cref="BandedTrackScanner"/> produces
    /// bit-identical costs.
    /// </summary>
    internal static float WindowCost(ReadOnlySpan<float> cost, int stride, int s, int n, int r, Span<float> prev, Span<float> cur)
    {
        for (int i = 0; i < n; i++)
        {
            int lo = Math.Max(0, i - r), hi = Math.Min(n - 1, i + r);
            var row = cost.Slice(i * stride + s, n);
            float left = float.PositiveInfinity;
            for (int j = lo; j <= hi; j++)
            {
                float best;
                if (i == 0) best = j == 0 ? 0 : left;
                else
                {
                    // Steps (1,1), (0,1), (1,0) as librosa; a minimum is exact, so their order does not matter.
                    best = j > 0 ? prev[j - 1] : float.PositiveInfinity;
                    if (left < best) best = left;
                    if (j <= i - 1 + r && prev[j] < best) best = prev[j];
                }
                float v = best + row[j];
                cur[j] = v;
                left = v;
            }
            var t = prev; prev = cur; cur = t;
        }
        return prev[n - 1];
    }
}
