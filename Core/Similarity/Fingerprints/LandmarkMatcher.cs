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
        // Every (track position, offset) vote as one key, position « 17 | (offset + 2¹⁶) (offsets span −MaxFrame …
        // MaxFrame), sorted so equal keys form runs and a key's ± 1-frame neighbours are the adjacent runs.
        int total = 0;
        foreach (var q in query) total += index.Entries(q.Hash).Length;
        if (total == 0) return null;
        var keys = System.Buffers.ArrayPool<long>.Shared.Rent(total);
        try
        {
            int n = 0;
            foreach (var q in query)
                foreach (uint e in index.Entries(q.Hash))
                {
                    int position = (int)(e >> 15);
                    if (position == excluded) continue;
                    keys[n++] = ((long)position << 17) | (uint)((int)(e & 0x7FFF) - q.Frame + (1 << 16));
                }
            if (n == 0) return null;
            var votes = keys.AsSpan(0, n);
            votes.Sort();
            return Best(votes, query.Count);
        }
        finally { System.Buffers.ArrayPool<long>.Shared.Return(keys); }
    }

    private LandmarkMatch Best(ReadOnlySpan<long> sortedVotes, int queryLandmarks)
    {
        // Runs of equal keys: (key, count), in key order.
        var runs = new List<(long Key, int Count)>();
        for (int i = 0; i < sortedVotes.Length;)
        {
            int j = i;
            while (j < sortedVotes.Length && sortedVotes[j] == sortedVotes[i]) j++;
            runs.Add((sortedVotes[i], j - i));
            i = j;
        }
        var best = new Dictionary<int, (int Score, int Offset)>();
        for (int r = 0; r < runs.Count; r++)
        {
            var (key, c) = runs[r];
            int before = r > 0 && runs[r - 1].Key == key - 1 ? runs[r - 1].Count : 0;
            int after = r + 1 < runs.Count && runs[r + 1].Key == key + 1 ? runs[r + 1].Count : 0;
            int score = c + Math.Max(before, after);
            int position = (int)(key >> 17);
            int offset = (int)(key & 0x1FFFF) - (1 << 16);
            if (!best.TryGetValue(position, out var b) || score > b.Score) best[position] = (score, offset);
        }
        var ranked = best.OrderByDescending(kv => kv.Value.Score).ThenBy(kv => kv.Key).Take(2).ToList();
        var top = ranked[0];
        int runnerUp = ranked.Count > 1 ? ranked[1].Value.Score : 0;
        bool confident = top.Value.Score >= MinAligned && top.Value.Score >= MinRatio * runnerUp;
        return new LandmarkMatch(index.TrackId(top.Key), top.Value.Score, Math.Max(0, top.Value.Offset) * _settings.FrameSeconds,
            runnerUp, queryLandmarks, confident);
    }
}
