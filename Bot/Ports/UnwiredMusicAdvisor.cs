namespace TuneBot.Bot.Ports;

/// <summary>
/// Registered until the recommender is wired in: every request fails with <see cref="AdviceFailure.Unavailable"/>,
/// so the bot says music recommendations are not available instead of inventing any.
/// </summary>
public sealed class UnwiredMusicAdvisor : IMusicAdvisor
{
    private const string Why = "no recommender is wired into the bot";

    public Task<Advice<Playlist>> RecommendFromClipAsync(string clipPath, CancellationToken ct = default) => Task.FromResult(Advice<Playlist>.Fail(AdviceFailure.Unavailable, Why));
    public Task<Advice<IReadOnlyList<Theme>>> ThemesAsync(CancellationToken ct = default) => Task.FromResult(Advice<IReadOnlyList<Theme>>.Fail(AdviceFailure.Unavailable, Why));
    public Task<Advice<Playlist>> PlaylistForThemeAsync(ThemeKey theme, CancellationToken ct = default) => Task.FromResult(Advice<Playlist>.Fail(AdviceFailure.Unavailable, Why));
    public Task<Advice<Playlist>> PlaylistForMoodAsync(string emotion, MoodStrategy strategy, CancellationToken ct = default) => Task.FromResult(Advice<Playlist>.Fail(AdviceFailure.Unavailable, Why));
    public Task<Advice<IReadOnlyList<TrackCandidate>>> FindTracksAsync(string query, int limit, CancellationToken ct = default) => Task.FromResult(Advice<IReadOnlyList<TrackCandidate>>.Fail(AdviceFailure.Unavailable, Why));
    public Task<Advice<Playlist>> SimilarToTrackAsync(long trackId, CancellationToken ct = default) => Task.FromResult(Advice<Playlist>.Fail(AdviceFailure.Unavailable, Why));
    public Task<Advice<Playlist>> MoreLikeAsync(string anchor, CancellationToken ct = default) => Task.FromResult(Advice<Playlist>.Fail(AdviceFailure.Unavailable, Why));
    public Task<Advice<PreviewClip>> PreviewAsync(long trackId, double startSeconds, CancellationToken ct = default) => Task.FromResult(Advice<PreviewClip>.Fail(AdviceFailure.Unavailable, Why));
    public Task<Advice<MapImage>> MapAsync(string? anchor, CancellationToken ct = default) => Task.FromResult(Advice<MapImage>.Fail(AdviceFailure.Unavailable, Why));
}
