namespace TuneBot.Core.Similarity;

/// <summary>A catalog track as the search knows it: its database id and its cluster (k-means label).</summary>
public sealed record IndexedTrack(long TrackId, int ClusterId);

/// <summary>Which DTW definition ranks the candidates.</summary>
public enum DtwMode
{
    /// <summary>Banded fixed-length windows (<see cref="BandedSubsequenceDtw"/>), with the full pruning cascade.</summary>
    Banded,
    /// <summary>librosa's unconstrained open-begin/open-end DP (<see cref="SubsequenceDtw"/>); only row-minimum
    /// early abandoning against the N-th best applies, so it is much slower.</summary>
    Unconstrained,
}

/// <summary>Tuning of one search. Defaults suit an 8 s clip at the ~93 ms hop.</summary>
public sealed record SearchOptions
{
    /// <summary>Sakoe–Chiba radius in frames; null = 10% of the query's length (at least 1).</summary>
    public int? Band { get; init; }
    public DtwMode Mode { get; init; } = DtwMode.Banded;
    /// <summary>Shortlist candidates with the <see cref="WindowIndex"/> (when the index has one) before DTW;
    /// false runs DTW over every allowed track.</summary>
    public bool UseWindowIndex { get; init; } = true;
    /// <summary>Nearest windows looked at per query summary vector.</summary>
    public int CandidateWindows { get; init; } = 200;
    /// <summary>At most this many distinct tracks (owners of the nearest windows, best first) go to DTW.</summary>
    public int CandidateTracks { get; init; } = 50;
    /// <summary>Threads one query may use (the target machine has 2 cores).</summary>
    public int MaxDegreeOfParallelism { get; init; } = 2;

    /// <summary>The band used for a query of <paramref name="queryFrames"/> frames.</summary>
    public int BandFor(int queryFrames) => Band ?? Math.Max(1, (int)Math.Round(queryFrames * 0.1));
}

/// <summary>Restricts a search to some tracks: by id, by cluster, or both (a track must pass both).</summary>
public sealed record SearchFilter(IReadOnlyCollection<long>? TrackIds = null, IReadOnlyCollection<int>? ClusterIds = null);

/// <summary>One ranked track: DTW cost (sum of Euclidean frame distances on the path), cost per query frame,
/// and the matched span of the track in frames (inclusive).</summary>
public readonly record struct SearchResult(long TrackId, int ClusterId, double Distance, double DistancePerFrame,
    int MatchStartFrame, int MatchEndFrame);

/// <summary>How a search ended.</summary>
public enum SearchOutcome { Ok, EmptyIndex, QueryTooShort, DimensionMismatch, NoCandidates }

/// <summary>The answer of <see cref="SearchIndex.Search"/>: outcome (with a human-readable reason when not Ok),
/// results best first, and where the time went.</summary>
public sealed class SearchResponse
{
    public required SearchOutcome Outcome { get; init; }
    public string? Reason { get; init; }
    public IReadOnlyList<SearchResult> Results { get; init; } = [];
    /// <summary>Tracks that went to the DTW stage.</summary>
    public int CandidateCount { get; init; }
    public TimeSpan CandidateTime { get; init; }
    public TimeSpan DtwTime { get; init; }
    public ScanStatistics Statistics { get; init; } = new();
}
