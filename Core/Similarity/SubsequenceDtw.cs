namespace TuneBot.Core.Similarity;

/// <summary>
/// Plain subsequence DTW exactly as librosa.sequence.dtw(X=query, Y=track, subseq=True) with the defaults:
/// Euclidean frame cost C[i, j] = ‖q_i − y_j‖; steps (1,1), (0,1), (1,0) with unit weights; open begin
/// (D[0, :] = C[0, :]) and open end (the argmin of the last row, first one on ties as numpy's argmin).
/// D[i, j] = C[i, j] + min(D[i−1, j−1], D[i, j−1], D[i−1, j]), ties resolved in that order (librosa's step order
/// with a strict "&lt;"), which fixes the start frame the backtracked path reaches. The start is carried along the
/// DP instead of backtracking, so only two rows are kept: O(M) memory, no allocation per cell.
/// </summary>
public static class SubsequenceDtw
{
    /// <summary>Best open-begin/open-end placement of <paramref name="query"/> in <paramref name="track"/>.</summary>
    public static DtwMatch Compute(FrameSequence query, FrameSequence track)
    {
        if (query.Dims != track.Dims) throw new ArgumentException("Query and track frames must have the same dimension.", nameof(track));
        var ws = new Workspace();
        return Compute(query.Data, query.Frames, track.Data, track.Frames, query.Dims, ws, double.PositiveInfinity);
    }

    /// <summary>Reusable rows for <see cref="Compute(ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, int, Workspace, double)"/>; one per thread.</summary>
    public sealed class Workspace
    {
        internal double[] Prev = [], Cur = [];
        internal int[] PrevStart = [], CurStart = [];

        internal void Ensure(int m)
        {
            if (Prev.Length >= m) return;
            Prev = new double[m]; Cur = new double[m]; PrevStart = new int[m]; CurStart = new int[m];
        }
    }

    /// <summary>
    /// Same as <see cref="Compute(FrameSequence, FrameSequence)"/> on frame-major spans, abandoning (returning
    /// <see cref="DtwMatch.None"/>) as soon as a whole row exceeds <paramref name="abandonAbove"/>: every path
    /// crosses every row and costs are non-negative, so the final cost is at least any row's minimum.
    /// </summary>
    public static DtwMatch Compute(ReadOnlySpan<float> query, int n, ReadOnlySpan<float> track, int m, int d,
        Workspace workspace, double abandonAbove)
    {
        if (n < 1 || m < 1) return DtwMatch.None(n);
        workspace.Ensure(m);
        var prev = workspace.Prev; var cur = workspace.Cur;
        var prevStart = workspace.PrevStart; var curStart = workspace.CurStart;
        var q0 = query.Slice(0, d);
        for (int j = 0; j < m; j++)
        {
            prev[j] = FrameDistance.Euclidean(q0, track.Slice(j * d, d));
            prevStart[j] = j;
        }
        for (int i = 1; i < n; i++)
        {
            var qi = query.Slice(i * d, d);
            // Column 0: only the vertical step (1,0) exists.
            double rowMin = cur[0] = prev[0] + FrameDistance.Euclidean(qi, track.Slice(0, d));
            curStart[0] = prevStart[0];
            for (int j = 1; j < m; j++)
            {
                double best = prev[j - 1]; int start = prevStart[j - 1];
                if (cur[j - 1] < best) { best = cur[j - 1]; start = curStart[j - 1]; }
                if (prev[j] < best) { best = prev[j]; start = prevStart[j]; }
                double v = best + FrameDistance.Euclidean(qi, track.Slice(j * d, d));
                cur[j] = v; curStart[j] = start;
                if (v < rowMin) rowMin = v;
            }
            if (rowMin > abandonAbove) return DtwMatch.None(n);
            (prev, cur) = (cur, prev);
            (prevStart, curStart) = (curStart, prevStart);
        }
        int end = 0;
        for (int j = 1; j < m; j++) if (prev[j] < prev[end]) end = j;
        if (prev[end] > abandonAbove) return DtwMatch.None(n);
        return new DtwMatch(prev[end], prevStart[end], end, n);
    }
}
