namespace TuneBot.Core.Similarity.Fingerprints;

/// <summary>
/// The inverted index hash → (track, anchor frame), built in memory at catalog load: one offset array over all 2²¹
/// hashes (8 MB) and one 4-byte entry per stored landmark (track position « 15 | frame), grouped by hash.
/// Read-only after <see cref="Build"/>; thread-safe.
/// </summary>
public sealed class LandmarkIndex
{
    /// <summary>Tracks one index holds (17 bits of the entry).</summary>
    public const int MaxTracks = 1 << 17;

    private readonly int[] _starts;
    private readonly uint[] _entries;
    private readonly long[] _trackIds;

    private LandmarkIndex(int[] starts, uint[] entries, long[] trackIds)
    {
        _starts = starts;
        _entries = entries;
        _trackIds = trackIds;
    }

    public int TrackCount => _trackIds.Length;
    public int LandmarkCount => _entries.Length;

    /// <summary>Bytes the index holds in memory.</summary>
    public long Bytes => _starts.Length * 4L + _entries.Length * 4L + _trackIds.Length * 8L;

    public long TrackId(int position) => _trackIds[position];

    /// <exception cref="ArgumentException">More than <see cref="MaxTracks"/> tracks.</exception>
    public static LandmarkIndex Build(IReadOnlyList<(long TrackId, Landmark[] Landmarks)> tracks)
    {
        if (tracks.Count > MaxTracks) throw new ArgumentException($"A landmark index holds at most {MaxTracks} tracks.", nameof(tracks));
        var starts = new int[(1 << LandmarkHasher.HashBits) + 1];
        long total = 0;
        foreach (var (_, landmarks) in tracks)
            foreach (var l in landmarks)
                if ((uint)l.Frame <= LandmarkFingerprint.MaxFrame) { starts[l.Hash + 1]++; total++; }
        for (int h = 1; h < starts.Length; h++) starts[h] += starts[h - 1];
        var entries = new uint[total];
        var fill = starts.AsSpan(0, starts.Length - 1).ToArray();
        var ids = new long[tracks.Count];
        for (int p = 0; p < tracks.Count; p++)
        {
            ids[p] = tracks[p].TrackId;
            foreach (var l in tracks[p].Landmarks)
                if ((uint)l.Frame <= LandmarkFingerprint.MaxFrame) entries[fill[l.Hash]++] = ((uint)p << 15) | (uint)l.Frame;
        }
        return new LandmarkIndex(starts, entries, ids);
    }

    /// <summary>The (track position, anchor frame) entries of one hash, packed (see the class summary).</summary>
    public ReadOnlySpan<uint> Entries(int hash) => _entries.AsSpan(_starts[hash], _starts[hash + 1] - _starts[hash]);
}
