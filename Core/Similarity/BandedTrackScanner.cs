using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

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
/// passes) — summed on top of LB_Kim for every placement at once (vector adds along the diagonals).</item>
/// <item>The banded DTW of the surviving placements, 8 consecutive placements per AVX register (lane k is
/// placement s + k: its cells are 8 consecutive floats of a cost-matrix row), groups in increasing order of
/// bound, each group abandoned once every lane's row minimum plus the bounds of the rows below exceeds the
/// threshold.</item>
/// </list>
/// The threshold is the lesser of this track's best placement so far and the shared N-th best across tracks, so a
/// placement is skipped only when it provably cannot change the top N. One scanner per thread: it owns its
/// buffers (grown once, reused), so nothing is allocated per cell or per placement.
/// </summary>
public sealed class BandedTrackScanner
{
    /// <summary>Frames per block of the track envelope (about 3 s at the 93 ms hop).</summary>
    public const int BlockFrames = 32;

    private const int Lanes = 8;
    private float[] _cost = [], _rowMin = [], _transposed = [], _padA = [], _padB = [], _bound = [], _boxLo = [], _boxHi = [];
    private Vector256<float>[] _prev = [], _cur = [], _remaining = [];
    private (float Bound, int Group)[] _groups = [];

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

        double global = Global(top);
        if (!double.IsPositiveInfinity(global) && BandedSubsequenceDtw.Exceeds(EnvelopeBound(q, n, track, m, d, global), global))
        {
            stats.TracksPrunedByEnvelope++;
            stats.PrunedByEnvelope += starts;
            return DtwMatch.None(n);
        }

        // Rows padded to a whole number of lane groups past the last placement, padding = +∞.
        int groups = (starts + Lanes - 1) / Lanes;
        int stride = Math.Max(m, groups * Lanes + n - 1);
        Ensure(n, m, d, Math.Min(r, m), stride, groups);
        var cost = _cost.AsSpan(0, n * stride);
        FrameCostMatrix.Compute(q, n, track, m, d, _transposed, cost, stride);

        // LB_Kim for every placement, then the band minima of rows 1 … n−2 on top.
        var bound = _bound.AsSpan(0, starts);
        TensorPrimitives.Add(cost.Slice(0, starts), cost.Slice((n - 1) * stride + n - 1, starts), bound);
        int kimSurvivors = CountWithin(bound, Global(top));
        stats.PrunedByKim += starts - kimSurvivors;
        if (kimSurvivors == 0) return DtwMatch.None(n);
        var rowMin = _rowMin.AsSpan(0, n * stride);
        for (int i = 1; i < n - 1; i++)
        {
            var mins = rowMin.Slice(i * stride, stride);
            mins[m..].Fill(float.PositiveInfinity);
            SlidingMinimum(cost.Slice(i * stride, m), r, mins[..m]);
            TensorPrimitives.Add(bound, mins.Slice(i, starts), bound);
        }
        int keoghSurvivors = CountWithin(bound, Global(top));
        stats.PrunedByKeogh += kimSurvivors - keoghSurvivors;
        if (keoghSurvivors == 0) return DtwMatch.None(n);

        // Lane groups whose least bound is within the threshold, most promising first.
        global = Global(top);
        int live = 0, liveWindows = 0;
        for (int g = 0; g < groups; g++)
        {
            float least = float.PositiveInfinity;
            int first = g * Lanes, last = Math.Min(starts, first + Lanes);
            for (int s = first; s < last; s++) least = MathF.Min(least, bound[s]);
            if (!BandedSubsequenceDtw.Exceeds(least, global)) _groups[live++] = (least, g);
        }
        var order = _groups.AsSpan(0, live);
        order.Sort();
        liveWindows = CountWithin(bound, global);
        stats.PrunedBySubsequence += keoghSurvivors - liveWindows;

        double best = double.PositiveInfinity;
        int bestStart = -1;
        Span<float> laneCost = stackalloc float[Lanes];
        Span<float> laneLimit = stackalloc float[Lanes];
        for (int c = 0; c < live; c++)
        {
            var (least, g) = order[c];
            double threshold = Math.Min(best, Global(top));
            if (BandedSubsequenceDtw.Exceeds(least, threshold))
            {
                for (int k = c; k < live; k++) stats.PrunedBySubsequence += CountWithin(LaneBounds(bound, order[k].Group, starts), global);
                break;
            }
            int s0 = g * Lanes;
            int lanesInUse = 0;
            for (int k = 0; k < Lanes; k++)
            {
                int s = s0 + k;
                bool usable = s < starts && !BandedSubsequenceDtw.Exceeds(bound[s], threshold);
                // A lane that cannot qualify gets limit −∞: it never keeps the group alive.
                laneLimit[k] = usable ? (float)(threshold + Math.Abs(threshold) * BandedSubsequenceDtw.BoundSlack) : float.NegativeInfinity;
                if (usable) lanesInUse++;
                else if (s < starts && !BandedSubsequenceDtw.Exceeds(bound[s], global)) stats.PrunedBySubsequence++;
            }
            bool finished = GroupCost(cost, rowMin, stride, s0, n, r, laneLimit, laneCost);
            if (!finished) { stats.DtwAbandoned += lanesInUse; continue; }
            stats.DtwCompleted += lanesInUse;
            for (int k = 0; k < Lanes; k++)
            {
                int s = s0 + k;
                if (float.IsNegativeInfinity(laneLimit[k])) continue;
                float v = laneCost[k];
                if (v < best || (v == best && s < bestStart)) { best = v; bestStart = s; }
            }
        }
        return bestStart < 0 ? DtwMatch.None(n) : new DtwMatch(best, bestStart, bestStart + n - 1, n);
    }

    private static double Global(TopMatchCollector? top) => top?.Threshold ?? double.PositiveInfinity;

    private static int CountWithin(ReadOnlySpan<float> bounds, double threshold)
    {
        if (double.IsPositiveInfinity(threshold)) return bounds.Length;
        int count = 0;
        foreach (var b in bounds) if (!BandedSubsequenceDtw.Exceeds(b, threshold)) count++;
        return count;
    }

    private static ReadOnlySpan<float> LaneBounds(ReadOnlySpan<float> bound, int group, int starts)
    {
        int first = group * Lanes;
        return bound.Slice(first, Math.Min(starts, first + Lanes) - first);
    }

    /// <summary>
    /// Banded DTW of placements s0 … s0+7 at once, the same float operations per lane as
    /// <see cref="BandedSubsequenceDtw.WindowCost"/>. Returns false (abandoned) once, for every lane, the row
    /// minimum plus the band-minimum bounds of the rows below exceeds that lane's limit.
    /// </summary>
    private bool GroupCost(ReadOnlySpan<float> cost, ReadOnlySpan<float> rowMin, int stride, int s0, int n, int r,
        ReadOnlySpan<float> laneLimit, Span<float> laneCost)
    {
        var prev = _prev.AsSpan(0, n);
        var cur = _cur.AsSpan(0, n);
        var remaining = _remaining.AsSpan(0, n);
        var inf = Vector256.Create(float.PositiveInfinity);
        // remaining[i] = Σ_{k>i} bound of row k at each lane's placement; the last row's cell is exact.
        remaining[n - 1] = Vector256<float>.Zero;
        remaining[n - 2] = Vector256.Create(cost.Slice((n - 1) * stride + s0 + n - 1, Lanes));
        for (int k = n - 2; k >= 1; k--) remaining[k - 1] = remaining[k] + Vector256.Create(rowMin.Slice(k * stride + s0 + k, Lanes));
        var limit = Vector256.Create(laneLimit);
        for (int i = 0; i < n; i++)
        {
            int lo = Math.Max(0, i - r), hi = Math.Min(n - 1, i + r);
            int rowStart = i * stride + s0;
            var left = inf;
            var rowLeast = inf;
            for (int j = lo; j <= hi; j++)
            {
                Vector256<float> best;
                if (i == 0) best = j == 0 ? Vector256<float>.Zero : left;
                else
                {
                    best = j > 0 ? prev[j - 1] : inf;
                    best = Vector256.Min(best, left);
                    if (j <= i - 1 + r) best = Vector256.Min(best, prev[j]);
                }
                var v = best + Vector256.Create(cost.Slice(rowStart + j, Lanes));
                cur[j] = v;
                left = v;
                rowLeast = Vector256.Min(rowLeast, v);
            }
            if (Vector256.GreaterThanAll(rowLeast + remaining[i], limit)) return false;
            var t = prev; prev = cur; cur = t;
        }
        prev[n - 1].CopyTo(laneCost);
        return true;
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
            if (BandedSubsequenceDtw.Exceeds(sum, threshold)) break;
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

    private void Ensure(int n, int m, int d, int r, int stride, int groups)
    {
        if (_cost.Length < n * stride) { _cost = new float[n * stride]; _rowMin = new float[n * stride]; }
        if (_transposed.Length < m * d) _transposed = new float[m * d];
        if (_padA.Length < m + 2 * r) { _padA = new float[m + 2 * r]; _padB = new float[m + 2 * r]; }
        if (_bound.Length < m) _bound = new float[m];
        if (_groups.Length < groups) _groups = new (float, int)[groups];
        if (_prev.Length < n) { _prev = new Vector256<float>[n]; _cur = new Vector256<float>[n]; _remaining = new Vector256<float>[n]; }
    }
}
