namespace TuneBot.Core.Similarity.Fingerprints;

/// <summary>
/// Looks a clip's landmarks up in a <see cref="LandmarkIndex"/> and counts, per track, how many agree on one time
/// offset (track frame − clip frame; Wang 2003 §2.3: the matching pairs of the right recording fall on a diagonal,
/// chance matches scatter). A bin's count plus its larger neighbour absorbs a half-frame misalignment.
/// The answer is confident when at least <see cref="MinAligned"/> landmarks line up and at least
/// <see cref="MinRatio"/> × as many as for any other track: chance alignments of 8 s of noise or of a song the
/// catalog lacks stay far below (thresholds from `eval snippets --negatives --outsiders`, docs/retrieval.md).
/// </summary>
public sealed class LandmarkMatcher(LandmarkIndex index, LandmarkSettings? settings = null)
{
    private readonly LandmarkSettings _settings = settings ?? LandmarkSettings.Default;

    public int MinAligned { get; init; } = 12;
    public double MinRatio { get; init; } = 2.0;

    public LandmarkIndex Index => index;

    /// <summary>The best-aligned track, or null when no landmark matched at all.</summary>
    /// <param name="excludeTrackId">A track left out, as if the catalog lacked it.</param>
    public LandmarkMatch? Match(IReadOnlyList<Landmark> query, long? excludeTrackId = null)
    {
        if (query.Count == 0 || index.TrackCount == 0) return null;
        int excluded = -1;
        if (excludeTrackId is long ex)
            for (int p = 0; p < index.TrackCount; p++) if (index.TrackId(p) == ex) { excluded = p; break; }
        // Counting sort by track: raw votes per track, then each track's offsets (track frame − clip frame) in one
        // pooled buffer. A track's aligned score never exceeds its raw votes, so tracks are scored in descending raw
        // order and the scan stops once no unscored track can reach the runner-up: the answer of sorting every
        // vote, at the cost of sorting a few tracks' offsets.
        int tracks = index.TrackCount;
        var pool = System.Buffers.ArrayPool<int>.Shared;
        var starts = pool.Rent(tracks + 1);
        int[]? offsets = null;
        try
        {
            starts.AsSpan(0, tracks + 1).Clear();
            foreach (var q in query)
                foreach (uint e in index.Entries(q.Hash))
                    starts[(int)(e >> 15) + 1]++;
            if (excluded >= 0) starts[excluded + 1] = 0;
            for (int p = 0; p < tracks; p++) starts[p + 1] += starts[p];
            int total = starts[tracks];
            if (total == 0) return null;
            offsets = pool.Rent(total);
            var fill = pool.Rent(tracks);
            try
            {
                starts.AsSpan(0, tracks).CopyTo(fill);
                foreach (var q in query)
                    foreach (uint e in index.Entries(q.Hash))
                    {
                        int position = (int)(e >> 15);
                        if (position != excluded) offsets[fill[position]++] = (int)(e & 0x7FFF) - q.Frame;
                    }
            }
            finally { pool.Return(fill); }
            return Best(starts.AsSpan(0, tracks + 1), offsets.AsSpan(0, total), query.Count);
        }
        finally
        {
            pool.Return(starts);
            if (offsets is not null) pool.Return(offsets);
        }
    }

    /// <param name="starts">Track position p's offsets are offsets[starts[p] .. starts[p + 1]).</param>
    private LandmarkMatch Best(ReadOnlySpan<int> starts, Span<int> offsets, int queryLandmarks)
    {
        int tracks = starts.Length - 1;
        // Tracks by raw votes, most first (count « 17 | position, sorted descending; positions < 2¹⁷).
        var order = new long[tracks];
        int candidates = 0;
        for (int p = 0; p < tracks; p++)
            if (starts[p + 1] > starts[p]) order[candidates++] = ((long)(starts[p + 1] - starts[p]) << 17) | (uint)p;
        var ranked = order.AsSpan(0, candidates);
        ranked.Sort();
        ranked.Reverse();
        // Best and runner-up by (score desc, position asc), as if every track were scored.
        (int Score, int Position, int Offset) top = (-1, int.MaxValue, 0), second = (-1, int.MaxValue, 0);
        foreach (long key in ranked)
        {
            int raw = (int)(key >> 17), position = (int)(key & 0x1FFFF);
            if (raw < second.Score || (raw == second.Score && second.Score < top.Score)) break;
            var votes = offsets[starts[position]..starts[position + 1]];
            votes.Sort();
            var (score, offset) = BestOffset(votes);
            if (score > top.Score || (score == top.Score && position < top.Position))
            {
                second = top;
                top = (score, position, offset);
            }
            else if (score > second.Score || (score == second.Score && position < second.Position))
                second = (score, position, offset);
        }
        int runnerUp = Math.Max(0, second.Score);
        bool confident = top.Score >= MinAligned && top.Score >= MinRatio * runnerUp;
        return new LandmarkMatch(index.TrackId(top.Position), top.Score, Math.Max(0, top.Offset) * _settings.FrameSeconds,
            runnerUp, queryLandmarks, confident);
    }

    /// <summary>The offset with the most votes plus its larger ± 1-frame neighbour (the first such, in offset order).</summary>
    private static (int Score, int Offset) BestOffset(ReadOnlySpan<int> sorted)
    {
        int bestScore = 0, bestOffset = 0, previousOffset = int.MinValue, previousCount = 0;
        for (int i = 0; i < sorted.Length;)
        {
            int j = i;
            while (j < sorted.Length && sorted[j] == sorted[i]) j++;
            int offset = sorted[i], count = j - i;
            int after = j < sorted.Length && sorted[j] == offset + 1 ? CountRun(sorted, j) : 0;
            int before = previousOffset == offset - 1 ? previousCount : 0;
            int score = count + Math.Max(before, after);
            if (score > bestScore) (bestScore, bestOffset) = (score, offset);
            (previousOffset, previousCount) = (offset, count);
            i = j;
        }
        return (bestScore, bestOffset);
    }

    private static int CountRun(ReadOnlySpan<int> sorted, int from)
    {
        int j = from;
        while (j < sorted.Length && sorted[j] == sorted[from]) j++;
        return j - from;
    }
}
