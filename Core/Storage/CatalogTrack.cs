namespace TuneBot.Core.Storage;

/// <summary>A catalog track's metadata (no feature data).</summary>
/// <param name="ContentHash">sha256 of the file bytes, lowercase hex.</param>
/// <param name="Path">Where the file was last seen (absolute).</param>
/// <param name="Artist">From tags, else the soundtrack or folder name; null when unknown.</param>
public sealed record CatalogTrack(
    long Id, string ContentHash, string Path, string Title, string? Artist, string? Album,
    double DurationSeconds, DateTime AnalysedAt)
{
    /// <summary>"Artist – Title", or the title alone.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Artist) ? Title : $"{Artist} – {Title}";
}

/// <summary>What ingest needs to decide, without hashing, whether a stored file is unchanged.</summary>
/// <param name="FileMtimeMs">Last write time, Unix milliseconds UTC.</param>
public sealed record TrackFileState(
    long Id, string ContentHash, string Path, long FileSize, long FileMtimeMs,
    int SummaryVersion, int SummaryDims, int SequenceEncoding);

/// <summary>A fully analysed track, ready to be stored in one transaction.</summary>
/// <param name="Summary">The per-track summary vector (FeatureSummary.ToVector()).</param>
/// <param name="SummaryVersion">Layout version of <paramref name="Summary"/> (<see cref="TrackAnalysisVersions.Summary"/>).</param>
public sealed record AnalysedTrack(
    string ContentHash, string Path, string Title, string? Artist, string? Album, double DurationSeconds,
    long FileSize, long FileMtimeMs, double[] Summary, int SummaryVersion, CompactSequence Sequence);

/// <summary>A track's summary vector (clustering input).</summary>
public sealed record TrackSummaryVector(long TrackId, double[] Vector, int Version);

/// <summary>A track's stored sequence (similarity-search input).</summary>
public sealed record TrackSequence(long TrackId, double DurationSeconds, CompactSequence Sequence);

/// <summary>The versions of everything ingest derives from audio; a track stored under other versions is re-analysed.</summary>
public static class TrackAnalysisVersions
{
    /// <summary>Layout of the summary vector: <see cref="Features.FeatureSummary.ToVector"/>.</summary>
    public const int Summary = 1;
    public const int Sequence = SequenceEncoding.Version;

    /// <summary>True when <paramref name="state"/> was analysed with the current versions (and summary length).</summary>
    public static bool IsCurrent(TrackFileState state, int summaryDims) =>
        state.SummaryVersion == Summary && state.SummaryDims == summaryDims
        && state.SequenceEncoding == Sequence;
}
