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
        // Key: track position « 17 | (offset + 2¹⁶): offsets span −MaxFrame … MaxFrame.
        var counts = new Dictionary<long, int>();
        foreach (var q in query)
            foreach (uint e in index.Entries(q.Hash))
            {
                int position = (int)(e >> 15);
                if (position == excluded) continue;
                int offset = (int)(e & 0x7FFF) - q.Frame;
                long key = ((long)position << 17) | (uint)(offset + (1 << 16));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        if (counts.Count == 0) return null;

        var best = new Dictionary<int, (int Score, int Offset)>();
        foreach (var (key, c) in counts)
        {
            int position = (int)(key >> 17);
            int offset = (int)(key & 0x1FFFF) - (1 << 16);
            long Neighbour(int d) => ((long)position << 17) | (uint)(offset + d + (1 << 16));
            int score = c + Math.Max(counts.GetValueOrDefault(Neighbour(-1)), counts.GetValueOrDefault(Neighbour(1)));
            if (!best.TryGetValue(position, out var b) || score > b.Score || (score == b.Score && offset < b.Offset))
                best[position] = (score, offset);
        }
        var ranked = best.OrderByDescending(kv => kv.Value.Score).ThenBy(kv => kv.Key).Take(2).ToList();
        var top = ranked[0];
        int runnerUp = ranked.Count > 1 ? ranked[1].Value.Score : 0;
        bool confident = top.Value.Score >= MinAligned && top.Value.Score >= MinRatio * runnerUp;
        return new LandmarkMatch(index.TrackId(top.Key), top.Value.Score, Math.Max(0, top.Value.Offset) * _settings.FrameSeconds,
            runnerUp, query.Count, confident);
    }
}
