using TuneBot.Core.Similarity;

namespace TuneBot.Core.Recommendation;

/// <summary>Which catalog tracks reach the exact DTW stage for a clip.</summary>
public enum CandidateStrategy
{
    /// <summary>Every catalog track (exact over the whole catalog; fine for a few thousand tracks).</summary>
    All,
    /// <summary>The tracks of the probed clusters (nearest centroid plus runners-up within <see cref="RecommenderOptions.ProbeRatio"/>).</summary>
    Clusters,
    /// <summary>The owners of the clip's nearest 8 s catalog windows (<see cref="Similarity.WindowIndex"/>).</summary>
    Windows,
    /// <summary>The union of <see cref="Clusters"/> and <see cref="Windows"/>.</summary>
    ClustersAndWindows,
}

/// <summary>
/// Tuning of <see cref="Recommender"/>. Defaults were chosen with <c>eval snippets</c> on the 134-track demo catalog
/// (8 s snippets, phone degradations); the measured tables are in docs/retrieval.md.
/// </summary>
public sealed record RecommenderOptions
{
    /// <summary>Results returned (default 5).</summary>
    public int TopN { get; init; } = 5;
    /// <summary>Clips shorter than this are refused (seconds, default 2).</summary>
    public double MinClipSeconds { get; init; } = 2.0;
    /// <summary>Clusters probed at most (nearest centroid first).</summary>
    public int ProbeClusters { get; init; } = 3;
    /// <summary>A runner-up cluster is probed when its centroid is at most this × the nearest distance.</summary>
    public double ProbeRatio { get; init; } = 1.25;
    /// <summary>Which tracks go to DTW. <see cref="CandidateStrategy.All"/> is used anyway when the catalog has at
    /// most <see cref="ExhaustiveBelowTracks"/> tracks (exact and still fast there).</summary>
    public CandidateStrategy Candidates { get; init; } = CandidateStrategy.ClustersAndWindows;
    /// <summary>Catalogs up to this many tracks are searched exhaustively (default 300): the only choice that meets
    /// the hit@k targets and still ≈ 0.5 s there; beyond, the candidate stages bound the latency (docs/retrieval.md).</summary>
    public int ExhaustiveBelowTracks { get; init; } = 300;
    /// <summary>Nearest catalog windows looked at by the window candidate stage.</summary>
    public int CandidateWindows { get; init; } = 200;
    /// <summary>Distinct tracks the window candidate stage passes to DTW.</summary>
    public int WindowCandidateTracks { get; init; } = 30;
    /// <summary>Normalisation of catalog and clip frames.</summary>
    public NormalisationMode Normalisation { get; init; } = NormalisationMode.PerSequence;
    /// <summary>Window of the window candidate stage, in search frames (86 ≈ 8 s; hop half of it).</summary>
    public int NormalisationWindowFrames { get; init; } = 86;
    /// <summary>Weight of the 12 chroma dimensions after normalisation (×2, docs/retrieval.md).</summary>
    public float ChromaWeight { get; init; } = 2f;
    /// <summary>Sakoe–Chiba radius in frames; null = 10% of the clip.</summary>
    public int? Band { get; init; }
    /// <summary>Threads one query may use.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 2;
    /// <summary>
    /// Best DTW distance per clip frame above which the answer is "no confident match" (noise, speech, a song not
    /// in the catalog): results and the nearest theme are still returned. Calibrated on the demo catalog.
    /// </summary>
    /// <remarks>Belongs to the default representation: re-measure when it changes (docs/retrieval.md).</remarks>
    public double NoConfidentMatchDistance { get; init; } = 9.25;
    /// <summary>Whether a clip is first identified by its landmark fingerprints (when the catalog has them); off, DTW alone decides.</summary>
    public bool Landmarks { get; init; } = true;
    /// <summary>
    /// Largest <see cref="RecommendationResult.Contrast"/> (best distance ÷ mean distance of the next
    /// <see cref="ContrastTracks"/> tracks) of a confident match. A song the catalog lacks — what most users record —
    /// is rarely far from everything, so the absolute distance alone let most of them through as "matched"; the
    /// track it really is stands out from its runners-up, a stand-in does not.
    /// </summary>
    /// <remarks>Measured on songs the catalog lacks, and what it was not measured on: docs/retrieval.md.</remarks>
    public double NoConfidentMatchContrast { get; init; } = 0.95;
    /// <summary>Runners-up whose mean distance <see cref="NoConfidentMatchContrast"/> compares the best match with.</summary>
    public int ContrastTracks { get; init; } = 10;
    /// <summary>Fewest runners-up for a contrast; a smaller catalog is judged by the distance alone.</summary>
    public int MinContrastTracks { get; init; } = 5;
}
