using System.Numerics.Tensors;

namespace TuneBot.Core.Similarity;

/// <summary>
/// The fast, exact banded subsequence DTW of one query against one track (definition in
/// <see cref="BandedSubsequenceDtw"/>), cheapest test first:
/// <list type="number">
/// <item>Track envelope (LB_Keogh-style, per dimension): the track's frames are grouped in blocks of
/// <see cref="BlockFrames"/> and each block's per-dimension min/max box taken; every query frame must be matched
/// to some track frame, so Σ_i min_b dist(q_i, box_b) bounds every placement. A track far from the clip is dropped
/// here without computing a single frame-to-frame distance.</item>
/// <item>The cost matrix C (N × M, <see cref="FrameCostMatrix"/>), computed once per track and shared by every
/// placement.</item>
/// <item>LB_Kim, for all placements at once: the path surely uses cells (0, 0) and (N−1, N−1) of its window, so
/// C[0, s] + C[N−1, s+N−1] bounds placement s.</item>
/// <item>LB_Keogh on the cost matrix: each other query row i must use a cell of its band, so it adds at least
/// min C[i, s+i−r … s+i+r] (a sliding minimum of row i, computed for all placements with log₂(2r+1) vector
/// passes). Summed on top of LB_Kim for every placement at once (vector adds along the diagonals).</item>
/// <item>The surviving placements in increasing order of bound, each until its bound exceeds the threshold; the
/// banded DTW itself abandons once a row's minimum plus the bounds of the rows below it exceeds the threshold.</item>
/// </list>
/// The threshold is the lesser of this track's best placement so far and the shared N-th best across tracks, so a
/// placement is skipped only when it provably cannot change the top N. One scanner per thread: it owns its
/// buffers (grown once, reused), so nothing is allocated per cell or per placement.
/// </summary>
public sealed class BandedTrackScanner
{
    /// <summary>Frames per block of the track envelope (about 3 s at the 93 ms hop).</summary>
    public const int BlockFrames = 32;

    private float[] _cost = [], _rowMin = [], _transposed = [], _padA = [], _padB = [], _bound = [], _boxLo = [], _boxHi = [];
    private double[] _prev = [], _cur = [], _remaining = [];
    private (float Bound, int Start)[] _survivors = [];

    /// <summary>Counters accumulated over every scan by this scanner.</summary>
    public ScanStatistics Statistics { get; } = new();

    /// <summary>
    /// Best window of <paramref name="query"/> in a track, or <see cref="DtwMatch.None"/> when the track is
    /// shorter than the query or provably cannot beat <paramref name="top"/>'s threshold.
    /// </summary>
    /// <param name="track">The track's frames, frame-major, <paramref name="trackFrames"/> × query.Dims.</param>
    /// <param name="top">Shared running top N whose threshold prunes; null to find this track's best exactly.</param>
    public DtwMatch Scan(DtwQuery query, ReadOnlySpan<float> track, int trackFrames, TopMatchCollector? top)
    {
        int n = query.Frames, d = query.Dims, r = query.Band, m = trackFrames;
        if (n < 2 || m < n) return DtwMatch.None(n);
        if (track.Length < m * d) throw new ArgumentException("Track span is shorter than frames × dims.", nameof(track));
        var stats = Statistics;
        int starts = m - n + 1;
        stats.Tracks++;
        stats.Windows += starts;
        var q = query.Sequence.Data.AsSpan();

        double global = top?.Threshold ?? double.PositiveInfinity;
        if (!double.IsPositiveInfinity(global) && BandedSubsequenceDtw.Exceeds(EnvelopeBound(q, n, track, m, d, global), global, BandedSubsequenceDtw.FloatBoundSlack))
        {
            stats.TracksPrunedByEnvelope++;
            stats.PrunedByEnvelope += starts;
            return DtwMatch.None(n);
        }

        Ensure(n, m, d, Math.Min(r, m));
        var cost = _cost.AsSpan(0, n * m);
        FrameCostMatrix.Compute(q, n, track, m, d, _transposed, cost);

        // LB_Kim for every placement, then the band minima of rows 1 … n−2 on top.
        var bound = _bound.AsSpan(0, starts);
        TensorPrimitives.Add(cost.Slice(0, starts), cost.Slice((n - 1) * m + n - 1, starts), bound);
        global = top?.Threshold ?? double.PositiveInfinity;
        int kimSurvivors = 0;
        foreach (var b in bound) if (!BandedSubsequenceDtw.Exceeds(b, global, BandedSubsequenceDtw.FloatBoundSlack)) kimSurvivors++;
        stats.PrunedByKim += starts - kimSurvivors;
        if (kimSurvivors == 0) return DtwMatch.None(n);
        var rowMin = _rowMin.AsSpan(0, n * m);
        for (int i = 1; i < n - 1; i++)
        {
            var mins = rowMin.Slice(i * m, m);
            SlidingMinimum(cost.Slice(i * m, m), r, mins);
            TensorPrimitives.Add(bound, mins.Slice(i, starts), bound);
        }

        global = top?.Threshold ?? double.PositiveInfinity;
        int count = 0;
        for (int s = 0; s < starts; s++)
            if (!BandedSubsequenceDtw.Exceeds(bound[s], global, BandedSubsequenceDtw.FloatBoundSlack)) _survivors[count++] = (bound[s], s);
        stats.PrunedByKeogh += kimSurvivors - count;
        var survivors = _survivors.AsSpan(0, count);
        survivors.Sort();   // by bound, then start: the likeliest best first, so the threshold tightens early

        double best = double.PositiveInfinity;
        int bestStart = -1;
        var remaining = _remaining.AsSpan(0, n);
        for (int c = 0; c < count; c++)
        {
            var (b, s) = survivors[c];
            double threshold = Math.Min(best, top?.Threshold ?? double.PositiveInfinity);
            if (BandedSubsequenceDtw.Exceeds(b, threshold, BandedSubsequenceDtw.FloatBoundSlack))
            {
                stats.PrunedByKeogh += count - c;   // sorted: every later bound is at least as large
                break;
            }
            // remaining[i] = Σ_{k>i} (band minimum of row k at this placement); the last row's cell is exact.
            remaining[n - 1] = 0;
            remaining[n - 2] = cost[(n - 1) * m + s + n - 1];
            for (int k = n - 2; k >= 1; k--) remaining[k - 1] = remaining[k] + rowMin[k * m + s + k];
            double dtw = BandedSubsequenceDtw.WindowCost(cost, m, s, n, r, _prev, _cur, remaining, threshold);
            if (double.IsPositiveInfinity(dtw)) { stats.DtwAbandoned++; continue; }
            stats.DtwCompleted++;
            if (dtw < best || (dtw == best && s < bestStart)) { best = dtw; bestStart = s; }
        }
        return bestStart < 0 ? DtwMatch.None(n) : new DtwMatch(best, bestStart, bestStart + n - 1, n);
    }

    // Σ_i min over blocks b of ‖q_i − box_b‖, stopping early once it exceeds the threshold.
    private double EnvelopeBound(ReadOnlySpan<float> q, int n, ReadOnlySpan<float> track, int m, int d, double threshold)
    {
        int blocks = (m + BlockFrames - 1) / BlockFrames;
        if (_boxLo.Length < blocks * d) { _boxLo = new float[blocks * d]; _boxHi = new float[blocks * d]; }
        for (int b = 0; b < blocks; b++)
        {
            var lo = _boxLo.AsSpan(b * d, d);
            var hi = _boxHi.AsSpan(b * d, d);
            int t0 = b * BlockFrames, t1 = Math.Min(m, t0 + BlockFrames);
            track.Slice(t0 * d, d).CopyTo(lo);
            track.Slice(t0 * d, d).CopyTo(hi);
            for (int t = t0 + 1; t < t1; t++)
            {
                var f = track.Slice(t * d, d);
                TensorPrimitives.Min(lo, f, lo);
                TensorPrimitives.Max(hi, f, hi);
            }
        }
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            var qi = q.Slice(i * d, d);
            float nearest = float.PositiveInfinity;
            for (int b = 0; b < blocks && nearest > 0; b++)
                nearest = MathF.Min(nearest, FrameDistance.SquaredToBox(qi, _boxLo.AsSpan(b * d, d), _boxHi.AsSpan(b * d, d)));
            sum += MathF.Sqrt(nearest);
            if (BandedSubsequenceDtw.Exceeds(sum, threshold, BandedSubsequenceDtw.FloatBoundSlack)) break;
        }
        return sum;
    }

    /// <summary>
    /// destination[t] = min source[t − r … t + r] (clipped to the row), by doubling: after k passes each entry is
    /// the minimum of 2^k consecutive values, and two overlapping such runs cover the 2r + 1 window.
    /// </summary>
    private void SlidingMinimum(ReadOnlySpan<float> source, int r, Span<float> destination)
    {
        int m = source.Length;
        r = Math.Min(r, m);
        int w = 2 * r + 1, len = m + 2 * r;
        var a = _padA.AsSpan(0, len);
        var b = _padB.AsSpan(0, len);
        a[..r].Fill(float.PositiveInfinity);
        source.CopyTo(a.Slice(r, m));
        a[(r + m)..].Fill(float.PositiveInfinity);
        int run = 1, valid = len;   // a[u] = min of padded[u … u+run−1] for u < valid
        while (2 * run <= w)
        {
            valid -= run;
            TensorPrimitives.Min(a[..valid], a.Slice(run, valid), b[..valid]);
            var t = a; a = b; b = t;
            run *= 2;
        }
        TensorPrimitives.Min(a[..m], a.Slice(w - run, m), destination);
    }

    private void Ensure(int n, int m, int d, int r)
    {
        if (_cost.Length < n * m) { _cost = new float[n * m]; _rowMin = new float[n * m]; }
        if (_transposed.Length < m * d) _transposed = new float[m * d];
        if (_padA.Length < m + 2 * r) { _padA = new float[m + 2 * r]; _padB = new float[m + 2 * r]; }
        if (_bound.Length < m) { _bound = new float[m]; _survivors = new (float, int)[m]; }
        if (_prev.Length < n) { _prev = new double[n]; _cur = new double[n]; _remaining = new double[n]; }
    }
}
