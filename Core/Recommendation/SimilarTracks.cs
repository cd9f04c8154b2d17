namespace TuneBot.Core.Recommendation;

/// <summary>What a similar-track answer was ranked by.</summary>
public enum SimilarityBasis
{
    /// <summary>No ranking: the track is unknown, or neither its sequences nor its summary can be compared.</summary>
    None,
    /// <summary>DTW over the stored sequences (the track's middle 20 s as the query).</summary>
    Sequences,
    /// <summary>Distance of the standardised summary vectors (the sequences cannot be searched).</summary>
    Summaries,
}

/// <summary>Tracks most like a catalog track, nearest first (<see cref="Recommender.SimilarTracksAsync"/>).</summary>
/// <param name="TrackIds">Other tracks, nearest first; empty when <paramref name="Basis"/> is None.</param>
/// <param name="Basis">What ranked them.</param>
/// <param name="Search">The DTW search's result: its outcome and reason say why the sequences were not used.</param>
public sealed record SimilarTracks(IReadOnlyList<long> TrackIds, SimilarityBasis Basis, RecommendationResult Search);
