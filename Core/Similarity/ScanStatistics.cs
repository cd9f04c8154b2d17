namespace TuneBot.Core.Similarity;

/// <summary>Counters of one search's DTW stage: where each window placement was decided.</summary>
public sealed class ScanStatistics
{
    /// <summary>Tracks whose sequence was scanned.</summary>
    public long Tracks;
    /// <summary>Window placements considered (M − N + 1 per track).</summary>
    public long Windows;
    /// <summary>Tracks dropped whole by the per-dimension block envelope bound.</summary>
    public long TracksPrunedByEnvelope;
    /// <summary>Placements of those tracks.</summary>
    public long PrunedByEnvelope;
    /// <summary>Placements pruned by the first/last-frame bound (LB_Kim).</summary>
    public long PrunedByKim;
    /// <summary>Placements pruned by the band-minimum bound on the cost matrix (LB_Keogh on C).</summary>
    public long PrunedByKeogh;
    /// <summary>Placements whose bound passed LB_Keogh but not the threshold once the DTW stage began (the track's
    /// best so far or the shared N-th best had dropped below it). The name is kept for bench-search's JSON.</summary>
    public long PrunedBySubsequence;
    /// <summary>Banded DTWs started and abandoned part-way.</summary>
    public long DtwAbandoned;
    /// <summary>Banded DTWs computed to the end.</summary>
    public long DtwCompleted;

    /// <summary>Sets every counter to zero.</summary>
    public void Reset()
    {
        Tracks = TracksPrunedByEnvelope = PrunedByEnvelope = Windows = PrunedByKim = PrunedByKeogh = PrunedBySubsequence = DtwAbandoned = DtwCompleted = 0;
    }

    public void Add(ScanStatistics other)
    {
        Tracks += other.Tracks; TracksPrunedByEnvelope += other.TracksPrunedByEnvelope; PrunedByEnvelope += other.PrunedByEnvelope;
        Windows += other.Windows; PrunedByKim += other.PrunedByKim;
        PrunedByKeogh += other.PrunedByKeogh; PrunedBySubsequence += other.PrunedBySubsequence; DtwAbandoned += other.DtwAbandoned; DtwCompleted += other.DtwCompleted;
    }
}
