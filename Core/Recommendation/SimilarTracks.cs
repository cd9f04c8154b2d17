namespace TuneBot.Core.Recommendation;

/// <summary>Tracks most like a catalog track, nearest first (<see cref="Recommender.SimilarTracksAsync"/>).</summary>
/// <param name="TrackIds">Other tracks, nearest first; empty when the outcome is not Ok.</param>
/// <param name="Outcome">Ok, or why there is no answer (EmptyCatalog, NotClustered, Unavailable, or CatalogOutdated for
/// a track without a current summary).</param>
/// <param name="Reason">A human-readable reason when not Ok.</param>
public sealed record SimilarTracks(IReadOnlyList<long> TrackIds, RecommendationOutcome Outcome, string? Reason = null);
