namespace TuneBot.Core.Similarity;

/// <summary>Counters of one search's DTW stage: where each window placement was decided.</summary>
public sealed class ScanStatistics
{
    /// <summary>Tracks whose sequence was scanned.</summary>
    public long Tracks;
    /// <summary>Window placements considered (M − N + 1 per track).</summary>
    public long Windows;
    /// <summary>Placements pruned by the first/last-frame bound (LB_Kim).</summary>
    public long PrunedByKim;
    /// <summary>Placements pruned by the envelope bound (LB_Keogh, early-abandoned).</summary>
    public long PrunedByKeogh;
    /// <summary>Banded DTWs started and abandoned part-way.</summary>
    public long DtwAbandoned;
    /// <summary>Banded DTWs computed to the end.</summary>
    public long DtwCompleted;

    public void Add(ScanStatistics other)
    {
        Tracks += other.Tracks; Windows += other.Windows; PrunedByKim += other.PrunedByKim;
        PrunedByKeogh += other.PrunedByKeogh; DtwAbandoned += other.DtwAbandoned; DtwCompleted += other.DtwCompleted;
    }
}
