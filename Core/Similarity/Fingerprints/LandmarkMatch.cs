namespace TuneBot.Core.Similarity.Fingerprints;

/// <summary>
/// The best-aligned track of a landmark query.
/// </summary>
/// <param name="TrackId">The track whose landmarks line up best.</param>
/// <param name="Aligned">Query landmarks found in it at one time offset (± 1 frame).</param>
/// <param name="OffsetSeconds">Where the clip starts in the track.</param>
/// <param name="RunnerUpAligned">The same count for the best other track.</param>
/// <param name="QueryLandmarks">Landmarks the clip produced.</param>
/// <param name="Confident">The count and its margin over the runner-up pass <see cref="LandmarkMatcher"/>'s thresholds:
/// the clip is that recording.</param>
public sealed record LandmarkMatch(long TrackId, int Aligned, double OffsetSeconds, int RunnerUpAligned, int QueryLandmarks, bool Confident);
