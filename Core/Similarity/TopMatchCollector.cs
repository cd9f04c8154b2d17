namespace TuneBot.Core.Similarity;

/// <summary>
/// The running top N across tracks of one search, shared by the search's threads. Ordered by cost, then by
/// track id (so ties rank the same way whatever order the tracks were scanned in). <see cref="Threshold"/> is the
/// N-th best cost so far (+∞ until N tracks are in): any track whose lower bound exceeds it cannot enter.
/// </summary>
public sealed class TopMatchCollector
{
    private readonly int _capacity;
    private readonly List<(long TrackId, int TrackIndex, DtwMatch Match)> _entries;
    private long _thresholdBits = BitConverter.DoubleToInt64Bits(double.PositiveInfinity);
    private readonly object _gate = new();

    /// <param name="capacity">N, the number of tracks kept (≥ 1).</param>
    public TopMatchCollector(int capacity)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        _capacity = capacity;
        _entries = new List<(long, int, DtwMatch)>(capacity + 1);
    }

    /// <summary>The N-th best cost so far, +∞ while fewer than N tracks are in. Lock-free read.</summary>
    public double Threshold => BitConverter.Int64BitsToDouble(Volatile.Read(ref _thresholdBits));

    /// <summary>Offers one track's best match; kept if it ranks among the N best so far.</summary>
    public void Offer(long trackId, int trackIndex, DtwMatch match)
    {
        if (!match.Found) return;
        lock (_gate)
        {
            int pos = _entries.Count;
            while (pos > 0 && Precedes(match.Cost, trackId, _entries[pos - 1].Match.Cost, _entries[pos - 1].TrackId)) pos--;
            if (pos >= _capacity) return;
            _entries.Insert(pos, (trackId, trackIndex, match));
            if (_entries.Count > _capacity) _entries.RemoveAt(_entries.Count - 1);
            if (_entries.Count == _capacity)
                Volatile.Write(ref _thresholdBits, BitConverter.DoubleToInt64Bits(_entries[^1].Match.Cost));
        }
    }

    private static bool Precedes(double cost, long id, double otherCost, long otherId)
        => cost < otherCost || (cost == otherCost && id < otherId);

    /// <summary>The kept matches, best first.</summary>
    public IReadOnlyList<(long TrackId, int TrackIndex, DtwMatch Match)> Results()
    {
        lock (_gate) return _entries.ToArray();
    }
}
