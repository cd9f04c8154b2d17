namespace TuneBot.Core.Similarity;

/// <summary>
/// The fast, exact banded subsequence DTW of one query against one track (definition in
/// <see cref="BandedSubsequenceDtw"/>). For every window placement, cheapest test first:
/// <list type="number">
/// <item>LB_Kim: the path surely uses cells (0, 0) and (N−1, N−1), so ‖q_0 − y_s‖ (+ ‖q_{N−1} − y_{s+N−1}‖)
/// is a lower bound — 1 then 2 frame distances;</item>
/// <item>LB_Keogh (multivariate, query envelope): every other window column j needs a cell within the band,
/// costing at least the distance of y_{s+j} to the box [L_j, U_j]; summed on top of the two LB_Kim terms and
/// abandoned as soon as the partial sum exceeds the threshold;</item>
/// <item>the banded DTW itself, abandoned once a row's minimum plus the LB_Keogh terms of the columns that
/// row cannot reach yet exceeds the threshold (UCR's cumulative bound).</item>
/// </list>
/// The threshold is the lesser of this track's best window so far and the shared N-th best across tracks, so a
/// placement is only skipped when it provably cannot change the top N. One scanner per thread: it owns its
/// rows and buffers (grown once, reused; nothing is allocated per cell or per window).
/// </summary>
public sealed class BandedTrackScanner
{
    private double[] _prev = [], _cur = [], _terms = [], _remaining = [];

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
        int n = query.Frames, d = query.Dims, r = query.Band;
        if (n < 2 || trackFrames < n) return DtwMatch.None(n);
        if (track.Length < trackFrames * d) throw new ArgumentException("Track span is shorter than frames × dims.", nameof(track));
        Ensure(n);
        var stats = Statistics;
        stats.Tracks++;
        var q = query.Sequence.Data.AsSpan();
        var lower = query.Lower.AsSpan();
        var upper = query.Upper.AsSpan();
        var qFirst = q.Slice(0, d);
        var qLast = q.Slice((n - 1) * d, d);
        var terms = _terms.AsSpan(0, n);
        var remaining = _remaining.AsSpan(0, n + 1);
        double best = double.PositiveInfinity;
        int bestStart = -1;
        int starts = trackFrames - n + 1;
        stats.Windows += starts;
        for (int s = 0; s < starts; s++)
        {
            double threshold = top is null ? best : Math.Min(best, top.Threshold);
            var window = track.Slice(s * d, n * d);
            double first = FrameDistance.Euclidean(qFirst, window.Slice(0, d));
            if (BandedSubsequenceDtw.Exceeds(first, threshold)) { stats.PrunedByKim++; continue; }
            double last = FrameDistance.Euclidean(qLast, window.Slice((n - 1) * d, d));
            double bound = first + last;
            if (BandedSubsequenceDtw.Exceeds(bound, threshold)) { stats.PrunedByKim++; continue; }
            terms[0] = first;
            terms[n - 1] = last;
            bool pruned = false;
            for (int j = 1; j < n - 1; j++)
            {
                double t = MathF.Sqrt(FrameDistance.SquaredToBox(window.Slice(j * d, d), lower.Slice(j * d, d), upper.Slice(j * d, d)));
                terms[j] = t;
                bound += t;
                if (BandedSubsequenceDtw.Exceeds(bound, threshold)) { pruned = true; break; }
            }
            if (pruned) { stats.PrunedByKeogh++; continue; }
            remaining[n] = 0;
            for (int k = n - 1; k >= 0; k--) remaining[k] = remaining[k + 1] + terms[k];
            double cost = BandedSubsequenceDtw.WindowCost(q, window, n, d, r, _prev, _cur, remaining, threshold);
            if (double.IsPositiveInfinity(cost)) { stats.DtwAbandoned++; continue; }
            stats.DtwCompleted++;
            if (cost < best) { best = cost; bestStart = s; }
        }
        return bestStart < 0 ? DtwMatch.None(n) : new DtwMatch(best, bestStart, bestStart + n - 1, n);
    }

    private void Ensure(int n)
    {
        if (_prev.Length >= n + 1) return;
        _prev = new double[n + 1]; _cur = new double[n + 1]; _terms = new double[n + 1]; _remaining = new double[n + 2];
    }
}
