namespace TuneBot.Core.Similarity.Fingerprints;

/// <summary>
/// The inverted index hash → (track, anchor frame), built in memory at catalog load: one offset array over all 2²¹
/// hashes (8 MB) and one 4-byte entry per stored landmark (track position « 15 | frame), grouped by hash.
/// Stop-hashes (Wang 2003's common pairs; audfprint caps them too) are left out: a hash held more often than
/// <see cref="StopFactor"/> × the track count (at least <see cref="MinStopEntries"/>) is in nearly every track, so
/// its votes mostly scatter over wrong tracks while costing most of the lookup (docs/retrieval.md).
/// Read-only after <see cref="Build"/>; thread-safe.
/// </summary>
public sealed class LandmarkIndex
{
    /// <summary>Tracks one index holds (17 bits of the entry).</summary>
    public const int MaxTracks = 1 << 17;

    private readonly int[] _starts;
    private readonly uint[] _entries;
    private readonly long[] _trackIds;

    public const double StopFactor = 1.5;
    public const int MinStopEntries = 200;

    private LandmarkIndex(int[] starts, uint[] entries, long[] trackIds, int stopHashes)
    {
        _starts = starts;
        _entries = entries;
        _trackIds = trackIds;
        StopHashes = stopHashes;
    }

    /// <summary>Hashes left out as too common.</summary>
    public int StopHashes { get; }

    public int TrackCount => _trackIds.Length;
    public int LandmarkCount => _entries.Length;

    /// <summary>Bytes the index holds in memory.</summary>
    public long Bytes => _starts.Length * 4L + _entries.Length * 4L + _trackIds.Length * 8L;

    public long TrackId(int position) => _trackIds[position];

    /// <exception cref="ArgumentException">More than <see cref="MaxTracks"/> tracks.</exception>
    /// <param name="maxEntriesPerHash">Hashes with more entries are stop-hashes; null: the default rule above,
    /// <see cref="int.MaxValue"/>: keep every hash.</param>
    public static LandmarkIndex Build(IReadOnlyList<(long TrackId, Landmark[] Landmarks)> tracks, int? maxEntriesPerHash = null)
    {
        if (tracks.Count > MaxTracks) throw new ArgumentException($"A landmark index holds at most {MaxTracks} tracks.", nameof(tracks));
        var starts = new int[(1 << LandmarkHasher.HashBits) + 1];
        long total = 0;
        foreach (var (_, landmarks) in tracks)
            foreach (var l in landmarks)
                if ((uint)l.Frame <= LandmarkFingerprint.MaxFrame) { starts[l.Hash + 1]++; total++; }
        int cap = maxEntriesPerHash ?? Math.Max(MinStopEntries, (int)Math.Ceiling(StopFactor * tracks.Count));
        int stopHashes = 0;
        for (int h = 1; h < starts.Length; h++)
            if (starts[h] > cap) { total -= starts[h]; starts[h] = 0; stopHashes++; }
        for (int h = 1; h < starts.Length; h++) starts[h] += starts[h - 1];
        var entries = new uint[total];
        var fill = starts.AsSpan(0, starts.Length - 1).ToArray();
        var ids = new long[tracks.Count];
        for (int p = 0; p < tracks.Count; p++)
        {
            ids[p] = tracks[p].TrackId;
            foreach (var l in tracks[p].Landmarks)
                if ((uint)l.Frame <= LandmarkFingerprint.MaxFrame && starts[l.Hash + 1] > starts[l.Hash]) entries[fill[l.Hash]++] = ((uint)p << 15) | (uint)l.Frame;
        }
        return new LandmarkIndex(starts, entries, ids, stopHashes);
    }

    /// <summary>The (track position, anchor frame) entries of one hash, packed (see the class summary).</summary>
    public ReadOnlySpan<uint> Entries(int hash) => _entries.AsSpan(_starts[hash], _starts[hash + 1] - _starts[hash]);
}
