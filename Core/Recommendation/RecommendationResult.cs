using TuneBot.Core.Storage;

namespace TuneBot.Core.Recommendation;

/// <summary>How a recommendation ended. Everything except <see cref="Ok"/> and <see cref="NoConfidentMatch"/>
/// carries no results; each has a one-line <see cref="RecommendationResult.Reason"/>.</summary>
public enum RecommendationOutcome
{
    /// <summary>Results found.</summary>
    Ok,
    /// <summary>The nearest tracks are far (noise, speech, a song not in the catalog): results and theme are
    /// returned, but the bot should say it is not sure.</summary>
    NoConfidentMatch,
    /// <summary>Shorter than <see cref="RecommenderOptions.MinClipSeconds"/>.</summary>
    TooShort,
    /// <summary>Only silence.</summary>
    Silent,
    /// <summary>Not an audio file (no audio stream, empty input, unsupported sample rate).</summary>
    NotAudio,
    /// <summary>An audio file that cannot be decoded.</summary>
    Corrupt,
    /// <summary>The catalog has no tracks.</summary>
    EmptyCatalog,
    /// <summary>The catalog was never clustered (run <c>cluster</c>).</summary>
    NotClustered,
    /// <summary>The catalog's sequences were written by an older analysis (run <c>ingest</c> again).</summary>
    CatalogOutdated,
    /// <summary>Infrastructure failure: database unreachable, ffmpeg missing, decode timed out.</summary>
    Unavailable,
}

/// <summary>What made the first result a confident answer.</summary>
public enum IdentificationMethod
{
    /// <summary>The clip's landmarks line up with that track's (Similarity/Fingerprints): the very recording.</summary>
    Landmarks,
    /// <summary>No confident landmark match; the DTW distance and contrast passed their limits.</summary>
    Dtw,
}

/// <summary>One recommended track.</summary>
/// <param name="Track">Catalog metadata.</param>
/// <param name="Distance">DTW cost per clip frame (lower is closer).</param>
/// <param name="MatchStartSeconds">Where the clip's best alignment starts in the track.</param>
/// <param name="MatchEndSeconds">Where it ends.</param>
/// <param name="ClusterId">The track's cluster in the live run.</param>
public sealed record RecommendedTrack(CatalogTrack Track, double Distance, double MatchStartSeconds, double MatchEndSeconds, int ClusterId);

/// <summary>Milliseconds spent per stage.</summary>
public sealed record RecommendationTimings(double DecodeMs, double FeaturesMs, double SearchMs);

/// <summary>The answer of <see cref="Recommender"/>: an outcome, never an exception.</summary>
public sealed class RecommendationResult
{
    public required RecommendationOutcome Outcome { get; init; }
    /// <summary>One readable line when not <see cref="RecommendationOutcome.Ok"/>.</summary>
    public string? Reason { get; init; }
    /// <summary>True for <see cref="RecommendationOutcome.Ok"/> and <see cref="RecommendationOutcome.NoConfidentMatch"/>.</summary>
    public bool HasResults => Outcome is RecommendationOutcome.Ok or RecommendationOutcome.NoConfidentMatch;
    /// <summary>Best distance ÷ the runners-up's mean (see <see cref="RecommenderOptions.NoConfidentMatchContrast"/>);
    /// null when the catalog is too small to tell, or no search ran.</summary>
    public double? Contrast { get; init; }
    /// <summary>Best first.</summary>
    public IReadOnlyList<RecommendedTrack> Tracks { get; init; } = [];
    /// <summary>The reply's theme: the cluster the best matches belong to (see <see cref="Recommender"/>).</summary>
    public Theme? Theme { get; init; }
    /// <summary>
    /// Cluster id of <see cref="Theme"/>: the one answer to "which theme is this clip". The bot's reply and map,
    /// <c>query</c> and <c>map --highlight</c> all use it (the map passes it to <c>CatalogMap.Build</c>), so none
    /// of them falls back on the nearest centroid alone (<see cref="PredictedClusterId"/>), which disagreed.
    /// </summary>
    public int? ThemeClusterId { get; init; }
    /// <summary>The clip's nearest centroid (its own summary vector; unreliable on 8 s phone clips).</summary>
    public int? PredictedClusterId { get; init; }
    /// <summary>The cluster most of the clip's nearest catalog windows belong to.</summary>
    public int? WindowVoteClusterId { get; init; }
    /// <summary>Clusters whose tracks reached the DTW stage, nearest centroid first.</summary>
    public IReadOnlyList<int> ProbedClusters { get; init; } = [];
    /// <summary>The cluster run the answer refers to.</summary>
    public long? ClusterRunId { get; init; }
    /// <summary>The catalog revision the search ran on (the bot draws its reply's theme and tracks from it); null
    /// when no search ran.</summary>
    public LoadedCatalog? Catalog { get; init; }
    /// <summary>Tracks that went to DTW.</summary>
    public int CandidateCount { get; init; }
    /// <summary>Seconds of audio analysed.</summary>
    public double ClipSeconds { get; init; }
    public RecommendationTimings Elapsed { get; init; } = new(0, 0, 0);
    /// <summary>How the first result was confirmed; null when the answer is not confident (or there are no results).</summary>
    public IdentificationMethod? IdentifiedBy { get; init; }
    /// <summary>The landmark stage's best match (confident or not); null when the catalog has no landmarks or none matched.</summary>
    public Similarity.Fingerprints.LandmarkMatch? Landmarks { get; init; }

    internal static RecommendationResult Fail(RecommendationOutcome outcome, string reason, RecommendationTimings? elapsed = null) =>
        new() { Outcome = outcome, Reason = reason, Elapsed = elapsed ?? new(0, 0, 0) };
}
