namespace TuneBot.Core.Ingestion;

/// <summary>How one file ended.</summary>
public enum IngestOutcome
{
    Added, Unchanged, Moved, Updated, Duplicate, Failed,
    /// <summary>A stored track under a scanned folder whose file no longer exists, kept (ingest without prune).</summary>
    Gone,
    /// <summary>A stored track whose file no longer exists, removed from the catalog (ingest with prune).</summary>
    Removed,
    /// <summary>Another encoding of a recording already in the catalog (by audio, see SameRecordingIndex): not added.</summary>
    SameRecording,
}

/// <summary>One file's result.</summary>
/// <param name="Detail">Failed: the reason; Moved: the old path; Duplicate: the path of the copy kept; Updated: why;
/// Gone and Removed: the track's title; SameRecording: the kept track's title (TrackId is its id).</param>
public sealed record IngestItem(string Path, IngestOutcome Outcome, long? TrackId, string? Detail);

/// <summary>The result of an ingest run.</summary>
public sealed class IngestReport
{
    public required IReadOnlyList<IngestItem> Items { get; init; }
    /// <summary>Paths given that do not exist.</summary>
    public required IReadOnlyList<string> MissingRoots { get; init; }
    /// <summary>Seconds of audio decoded and analysed in this run.</summary>
    public double AnalysedAudioSeconds { get; init; }
    /// <summary>Files that were decoded and analysed (successfully or not).</summary>
    public int AnalysedFiles { get; init; }
    public TimeSpan Elapsed { get; init; }
    /// <summary>Wall time spent in the analysis phase (decode + features + store).</summary>
    public TimeSpan AnalysisElapsed { get; init; }
    /// <summary>Tracks whose landmark fingerprint was computed in this run (new and re-analysed tracks, and the
    /// backfill of tracks stored without one).</summary>
    public int LandmarkTracks { get; init; }
    /// <summary>CPU time spent computing landmarks (excluding decoding), summed over workers.</summary>
    public TimeSpan LandmarkElapsed { get; init; }
    /// <summary>True when the run was cancelled before every file was handled (those are absent from <see cref="Items"/>).</summary>
    public bool Cancelled { get; init; }

    public int Count(IngestOutcome outcome) => Items.Count(i => i.Outcome == outcome);
    public IEnumerable<IngestItem> Failures => Items.Where(i => i.Outcome == IngestOutcome.Failed);
}

/// <summary>Progress of a run, reported after every file.</summary>
/// <param name="Phase">"scan", "hash", "analyse" or "landmarks" (the backfill of tracks stored without them).</param>
/// <param name="Done">Files finished in this phase.</param>
/// <param name="Total">Files in this phase.</param>
/// <param name="AudioSeconds">Seconds of audio analysed so far (analyse phase).</param>
/// <param name="Last">The file just finished, when there is one.</param>
public sealed record IngestProgress(string Phase, int Done, int Total, double AudioSeconds, IngestItem? Last);
