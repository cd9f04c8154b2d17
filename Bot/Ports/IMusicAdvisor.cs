namespace TuneBot.Bot.Ports;

/// <summary>
/// The bot's port to the recommender and catalog (implemented in Core by the recommendation work and wired in
/// Program). Every method returns an <see cref="Advice{T}"/>: a value, or a typed failure the bot turns into
/// a friendly message. Implementations must be thread-safe; the bot calls them from several chats at once.
/// </summary>
public interface IMusicAdvisor
{
    /// <summary>
    /// Recommends catalog tracks for a recorded clip (voice note, audio file, round video): decode, features,
    /// subsequence DTW against the catalog. The file is a temporary copy the bot deletes right after the call.
    /// </summary>
    /// <param name="clipPath">Path of the downloaded clip (OGG/Opus, MP3, M4A, MP4…; ≤ 20 MB).</param>
    /// <returns>A playlist whose tracks carry where the clip matched; failures: NotAudio, CorruptAudio, TooShort, Silent, EmptyCatalog, Unavailable.</returns>
    Task<Advice<Playlist>> RecommendFromClipAsync(string clipPath, CancellationToken ct = default);

    /// <summary>The catalog's themes (clusters of the current clustering run), for the /mood keyboard.</summary>
    Task<Advice<IReadOnlyList<Theme>>> ThemesAsync(CancellationToken ct = default);

    /// <summary>A playlist of one theme, as picked on the /mood keyboard.</summary>
    Task<Advice<Playlist>> PlaylistForThemeAsync(ThemeKey theme, CancellationToken ct = default);

    /// <summary>A playlist for an emotion label ("happy", "sad", "angry", "anxious", "neutral").</summary>
    /// <param name="strategy">Match the mood, or lift it (e.g. sad → calm first, then brighter).</param>
    Task<Advice<Playlist>> PlaylistForMoodAsync(string emotion, MoodStrategy strategy, CancellationToken ct = default);

    /// <summary>Fuzzy title/artist search, best first.</summary>
    /// <param name="query">What the user typed, e.g. "yesterday beatles".</param>
    /// <param name="limit">Most candidates returned.</param>
    Task<Advice<IReadOnlyList<TrackCandidate>>> FindTracksAsync(string query, int limit, CancellationToken ct = default);

    /// <summary>The tracks most like a catalog track, from its stored sequences (no recording needed).</summary>
    Task<Advice<Playlist>> SimilarToTrackAsync(long trackId, CancellationToken ct = default);

    /// <summary>"More like this": continues a playlist from its <see cref="Playlist.Anchor"/>.</summary>
    Task<Advice<Playlist>> MoreLikeAsync(string anchor, CancellationToken ct = default);

    /// <summary>A 30 s preview of a track, cut from the catalog file at <paramref name="startSeconds"/> (MP3, tags set).</summary>
    Task<Advice<PreviewClip>> PreviewAsync(long trackId, double startSeconds, CancellationToken ct = default);

    /// <summary>The catalog map as an image, with the playlist's clip/track marked when <paramref name="anchor"/> is given;
    /// texts in <paramref name="language"/> ("ko" Korean, else English).</summary>
    Task<Advice<MapImage>> MapAsync(string? anchor, string language = "en", CancellationToken ct = default);
}
