using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TuneBot.Bot.Ports;
using TuneBot.Core.Storage;
using TuneBot.Core.Map;
using TuneBot.Core.Themes;
using TuneBot.Core.Recommendation;
using CatalogTheme = TuneBot.Core.Storage.Theme;
using CoreStrategy = TuneBot.Core.Recommendation.MoodStrategy;
using PortStrategy = TuneBot.Bot.Ports.MoodStrategy;
using PortTheme = TuneBot.Bot.Ports.Theme;

namespace TuneBot.Bot.Advice;

/// <summary>
/// <see cref="IMusicAdvisor"/> over the catalog database: themes and playlists from the live clustering run
/// (Core's <see cref="CatalogIndex"/>: themes, mood playlists, the map), clips and similar tracks by the
/// <see cref="Recommender"/> over the same index, fuzzy title/artist search (<see cref="TrackNameMatcher"/>) and
/// previews cut with ffmpeg (<see cref="PreviewCutter"/>); this class only maps Core's answers to the port's pages.
/// Failures are typed: no tracks → EmptyCatalog; tracks but no clustering run (or an outdated analysis) → NotReady; database down, ffmpeg missing, map not drawable →
/// Unavailable; unknown track/theme/stale anchor → NotFound; the recommender's outcomes → NotAudio/CorruptAudio/TooShort/Silent.
/// Thread-safe.
/// </summary>
public sealed class CatalogMusicAdvisor(
    CatalogIndex catalog,
    Recommender recommender,
    PreviewCutter previews,
    CatalogMapRenderer renderer,
    ClipMemory clips,
    IOptions<AdvisorOptions> options,
    ILogger<CatalogMusicAdvisor> logger) : IMusicAdvisor
{
    private AdvisorOptions O => options.Value;

    public async Task<Advice<Playlist>> RecommendFromClipAsync(string clipPath, CancellationToken ct = default)
    {
        // The DTW Recommender decodes (DecodeOptions.Query), extracts features and searches; it never throws
        // except on cancellation. A longer ranking than one page is kept so "More like this" can continue it.
        var result = await recommender.RecommendAsync(clipPath, O.PlaylistLength * O.RememberedPages, ct).ConfigureAwait(false);
        if (!result.HasResults || result.Tracks.Count == 0)
            return Advice<Playlist>.Fail(FailureOf(result.Outcome), result.Reason);
        if (result.Outcome == RecommendationOutcome.NoConfidentMatch)
            logger.LogInformation("Clip matched nothing closely (best distance {Distance:F3}); answering with the nearest tracks", result.Tracks[0].Distance);
        // The page is drawn from the very catalog the search ran on, so its theme and tracks are the search's.
        var snapshot = result.Catalog!;
        var confident = result.Outcome == RecommendationOutcome.Ok;
        var song = result.Tracks[0];
        // A found song is followed by the tracks most like it as a whole; DTW's runners-up only share a passage with
        // the clip (docs/retrieval.md, "Tracks like this"). Without a confident match the closest passages are the answer.
        var like = confident ? snapshot.TracksLike(song.Track.Id) : [];
        List<ClipMatch> ranking = like.Count > 0
            ? [new ClipMatch(song.Track.Id, song.MatchStartSeconds), .. like.Take(result.Tracks.Count - 1).Select(t => new ClipMatch(t, null))]
            : result.Tracks.Select(t => new ClipMatch(t.Track.Id, t.MatchStartSeconds)).ToList();
        var cluster = result.ThemeClusterId is { } c && snapshot.ThemeOf(c) is not null
            ? c : snapshot.ClusterOf.GetValueOrDefault(ranking[0].TrackId, snapshot.Live.Themes[0].ClusterId);
        var id = clips.Remember(new RememberedClip(snapshot.RunId, ranking[0].TrackId, cluster, ranking));
        var page = ClipPage(snapshot, id, cluster, ranking, 0);
        page = page with { ClosestOnly = !confident, Identified = confident && page.Tracks.FirstOrDefault()?.TrackId == ranking[0].TrackId };
        return Advice<Playlist>.Ok(page);
    }

    public Task<Advice<IReadOnlyList<PortTheme>>> ThemesAsync(CancellationToken ct = default) => Guard(snapshot =>
    {
        IReadOnlyList<PortTheme> themes = snapshot.ThemesWithTracks.Select(t => ToPort(snapshot, t)).ToList();
        return Task.FromResult(themes.Count == 0
            ? Advice<IReadOnlyList<PortTheme>>.Fail(AdviceFailure.EmptyCatalog, "the live run has no themes")
            : Advice<IReadOnlyList<PortTheme>>.Ok(themes));
    }, ct);

    public Task<Advice<Playlist>> PlaylistForThemeAsync(ThemeKey theme, CancellationToken ct = default) => Guard(snapshot =>
    {
        if (theme.RunId is { } run && run != snapshot.RunId || snapshot.ThemeOf(theme.ClusterId) is null)
            return Task.FromResult(Advice<Playlist>.Fail(AdviceFailure.NotFound, $"theme {theme} is not in the live run {snapshot.RunId}"));
        return Task.FromResult(ThemePage(snapshot, theme.ClusterId, 0));
    }, ct);

    public Task<Advice<Playlist>> PlaylistForMoodAsync(string emotion, PortStrategy strategy, CancellationToken ct = default) => Guard(snapshot =>
    {
        if (snapshot.ThemesWithTracks.Count == 0) return Task.FromResult(Advice<Playlist>.Fail(AdviceFailure.EmptyCatalog, "no themes to map the mood to"));
        var mood = snapshot.MoodPlaylist(emotion, strategy == PortStrategy.Lift ? CoreStrategy.Lift : CoreStrategy.Match, O.PlaylistLength, O.MoodThemes);
        if (mood.TrackIds.Count == 0 || mood.Theme is null) return Task.FromResult(Advice<Playlist>.Fail(AdviceFailure.EmptyCatalog, "no tracks to map the mood to"));
        var anchor = new PlaylistAnchor(AnchorKind.Theme, snapshot.RunId, Str(mood.Theme.ClusterId), 0).ToString();
        return Task.FromResult(Advice<Playlist>.Ok(new Playlist(ToPort(snapshot, mood.Theme), Tracks(snapshot, mood.TrackIds, null), anchor)));
    }, ct);

    public Task<Advice<IReadOnlyList<TrackCandidate>>> FindTracksAsync(string query, int limit, CancellationToken ct = default) => GuardTracks(all =>
    {
        IReadOnlyList<TrackCandidate> found = all.Values
            .Select(t => new TrackCandidate(t.Id, t.Artist ?? "", t.Title, TrackNameMatcher.Score(query, t.Title, t.Artist)))
            .Where(c => c.Score >= 0.5)
            .OrderByDescending(c => c.Score).ThenBy(c => c.TrackId)
            .Take(Math.Max(1, limit)).ToList();
        return Task.FromResult(Advice<IReadOnlyList<TrackCandidate>>.Ok(found));
    }, ct);

    public Task<Advice<Playlist>> SimilarToTrackAsync(long trackId, CancellationToken ct = default) => Guard(snapshot =>
        SimilarPageAsync(snapshot, trackId, 0, ct), ct);

    public Task<Advice<Playlist>> MoreLikeAsync(string anchor, CancellationToken ct = default) => Guard(snapshot =>
    {
        // An offset past the catalog was never handed out (forged button data); taken, it would size lists by it.
        if (!PlaylistAnchor.TryParse(anchor, out var a) || a.RunId != snapshot.RunId || a.Offset > snapshot.Tracks.Count)
            return Task.FromResult(Advice<Playlist>.Fail(AdviceFailure.NotFound, "unknown or stale anchor"));
        switch (a.Kind)
        {
            case AnchorKind.Track when long.TryParse(a.Subject, out var track):
                return SimilarPageAsync(snapshot, track, a.Offset + O.PlaylistLength, ct);
            case AnchorKind.Theme when int.TryParse(a.Subject, out var cluster) && snapshot.ThemeOf(cluster) is not null:
                return Task.FromResult(ThemePage(snapshot, cluster, a.Offset + O.PlaylistLength));
            case AnchorKind.Clip when clips.Find(a.Subject) is { } clip:
                return Task.FromResult(Advice<Playlist>.Ok(ClipPage(snapshot, a.Subject, clip.ClusterId, clip.Ranking, a.Offset + O.PlaylistLength)));
            default:
                return Task.FromResult(Advice<Playlist>.Fail(AdviceFailure.NotFound, "the anchor's subject is gone"));
        }
    }, ct);

    public Task<Advice<PreviewClip>> PreviewAsync(long trackId, double startSeconds, CancellationToken ct = default) => GuardTracks(async all =>
    {
        if (!all.TryGetValue(trackId, out var track) || !File.Exists(track.Path))
            return Advice<PreviewClip>.Fail(AdviceFailure.NotFound, $"track {trackId} or its file is gone");
        var artist = track.Artist ?? "";
        var (mp3, seconds, why) = await previews.CutAsync(track.Path, startSeconds, track.DurationSeconds, O.PreviewSeconds, track.Title, artist, ct).ConfigureAwait(false);
        if (mp3 is null) return Advice<PreviewClip>.Fail(AdviceFailure.Unavailable, why);
        return Advice<PreviewClip>.Ok(new PreviewClip(mp3, "preview.mp3", "audio/mpeg", track.Title, artist, seconds));
    }, ct);

    public Task<Advice<MapImage>> MapAsync(string? anchor, string language = "en", CancellationToken ct = default) => Guard(async snapshot =>
    {
        double[]? highlight = null;
        string? label = null;
        long? marked = null;
        int? theme = null;
        if (PlaylistAnchor.TryParse(anchor, out var a) && a.RunId == snapshot.RunId)
        {
            // A clip is drawn where its best-matching track lies: the recommender does not hand out the clip's
            // own summary, and the audio itself is deleted right after the search (privacy).
            // It is labelled with the theme its reply named (the recommender's rule), not the nearest centroid.
            if (a.Kind == AnchorKind.Clip && clips.Find(a.Subject) is { } clip)
            {
                highlight = snapshot.Summaries.GetValueOrDefault(clip.BestTrackId);
                marked = clip.BestTrackId;
                theme = clip.ClusterId;
            }
            else if (a.Kind == AnchorKind.Track && long.TryParse(a.Subject, out var t) && snapshot.Summaries.TryGetValue(t, out var v)
                     && snapshot.Tracks.TryGetValue(t, out var track))
            {
                highlight = v;
                marked = t;
                label = track.Title.Length <= 24 ? track.Title : track.Title[..23] + "…";
            }
        }
        var summaries = snapshot.Summaries.Select(p => new TrackSummaryVector(p.Key, p.Value, snapshot.Live.Run.SummaryVersion)).ToList();
        var view = CatalogMap.Build(snapshot.Live.Run, snapshot.Live.Themes, snapshot.Assignments, summaries, highlight, label, language, marked, theme);
        var file = Path.Combine(Path.GetTempPath(), $"tunebot-map-{Guid.NewGuid():N}.png");
        try
        {
            var result = await renderer.RenderAsync(view.Picture, file, ct).ConfigureAwait(false);
            if (!result.Success) return Advice<MapImage>.Fail(AdviceFailure.Unavailable, result.Reason);
            return Advice<MapImage>.Ok(new MapImage(await File.ReadAllBytesAsync(file, ct).ConfigureAwait(false)));
        }
        finally
        {
            try { File.Delete(file); } catch (IOException) { }
        }
    }, ct);

    private Advice<Playlist> ThemePage(LoadedCatalog snapshot, int cluster, int offset)
    {
        var members = snapshot.Members(cluster);
        var page = members.Skip(offset).Take(O.PlaylistLength).ToList();
        if (page.Count == 0 && offset > 0) { offset = 0; page = members.Take(O.PlaylistLength).ToList(); } // wrap around
        if (page.Count == 0) return Advice<Playlist>.Fail(AdviceFailure.EmptyCatalog, $"theme {cluster} has no tracks");
        var anchor = new PlaylistAnchor(AnchorKind.Theme, snapshot.RunId, Str(cluster), offset).ToString();
        return Advice<Playlist>.Ok(new Playlist(ToPort(snapshot, snapshot.ThemeOf(cluster)!), Tracks(snapshot, page, null), anchor));
    }

    /// <summary>A page of the tracks most like a catalog track (<see cref="Recommender.SimilarTracksAsync"/>).</summary>
    private async Task<Advice<Playlist>> SimilarPageAsync(LoadedCatalog snapshot, long trackId, int offset, CancellationToken ct)
    {
        if (!snapshot.Tracks.ContainsKey(trackId)) return Advice<Playlist>.Fail(AdviceFailure.NotFound, $"track {trackId} is not in the catalog");
        var similar = await recommender.SimilarTracksAsync(trackId, offset + O.PlaylistLength, ct).ConfigureAwait(false);
        if (similar.Outcome != RecommendationOutcome.Ok) return Advice<Playlist>.Fail(FailureOf(similar.Outcome), similar.Reason);
        var page = similar.TrackIds.Skip(offset).Take(O.PlaylistLength).ToList();
        if (page.Count == 0 && offset > 0) return await SimilarPageAsync(snapshot, trackId, 0, ct).ConfigureAwait(false); // wrap around
        if (page.Count == 0) return Advice<Playlist>.Fail(AdviceFailure.EmptyCatalog, "the catalog has only this track");
        var theme = snapshot.ThemeOf(snapshot.ClusterOf.GetValueOrDefault(trackId, snapshot.Live.Themes[0].ClusterId)) ?? snapshot.Live.Themes[0];
        var anchor = new PlaylistAnchor(AnchorKind.Track, snapshot.RunId, trackId.ToString(System.Globalization.CultureInfo.InvariantCulture), offset).ToString();
        return Advice<Playlist>.Ok(new Playlist(ToPort(snapshot, theme), Tracks(snapshot, page, null), anchor));
    }

    private Playlist ClipPage(LoadedCatalog snapshot, string clipId, int cluster, IReadOnlyList<ClipMatch> ranking, int offset)
    {
        if (offset >= ranking.Count) offset = 0;
        var page = ranking.Skip(offset).Take(O.PlaylistLength).Where(m => snapshot.Tracks.ContainsKey(m.TrackId)).ToList();
        var tracks = page.Select(m =>
        {
            var t = snapshot.Tracks[m.TrackId];
            return new PlaylistTrack(t.Id, t.Artist ?? "", t.Title, t.DurationSeconds, m.StartSeconds);
        }).ToList();
        var theme = snapshot.ThemeOf(cluster) ?? snapshot.Live.Themes[0];
        return new Playlist(ToPort(snapshot, theme), tracks, new PlaylistAnchor(AnchorKind.Clip, snapshot.RunId, clipId, offset).ToString());
    }

    private static List<PlaylistTrack> Tracks(LoadedCatalog snapshot, IEnumerable<long> ids, double? start) =>
        ids.Where(snapshot.Tracks.ContainsKey).Select(id =>
        {
            var t = snapshot.Tracks[id];
            return new PlaylistTrack(t.Id, t.Artist ?? "", t.Title, t.DurationSeconds, start);
        }).ToList();

    private static PortTheme ToPort(LoadedCatalog snapshot, CatalogTheme t) =>
        new(new ThemeKey(snapshot.RunId, t.ClusterId), t.Emoji, t.NameEn, t.DescriptionEn, t.NameKo, t.DescriptionKo);

    private static string Str(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The recommender's outcomes as the bot's failures.</summary>
    public static AdviceFailure FailureOf(RecommendationOutcome outcome) => outcome switch
    {
        RecommendationOutcome.NotAudio => AdviceFailure.NotAudio,
        RecommendationOutcome.Corrupt => AdviceFailure.CorruptAudio,
        RecommendationOutcome.TooShort => AdviceFailure.TooShort,
        RecommendationOutcome.Silent => AdviceFailure.Silent,
        RecommendationOutcome.EmptyCatalog => AdviceFailure.EmptyCatalog,
        // Tracks are there, but never clustered or from an older analysis: "not ready yet", not "empty", or a user
        // who just heard songs from /similar would be told there are none.
        RecommendationOutcome.NotClustered or RecommendationOutcome.CatalogOutdated => AdviceFailure.NotReady,
        _ => AdviceFailure.Unavailable,
    };

    /// <summary>
    /// Loads the snapshot and runs <paramref name="work"/>; an empty catalog is EmptyCatalog, a never-clustered one
    /// NotReady, a database fault Unavailable.
    /// </summary>
    private async Task<Advice<T>> Guard<T>(Func<LoadedCatalog, Task<Advice<T>>> work, CancellationToken ct)
    {
        try
        {
            var (count, snapshot) = await catalog.GetAsync(ct).ConfigureAwait(false);
            if (count == 0) return Advice<T>.Fail(AdviceFailure.EmptyCatalog, "the catalog has no tracks (run ingest)");
            if (snapshot is null) return Advice<T>.Fail(AdviceFailure.NotReady, "the catalog was never clustered (run `cluster`)");
            return await work(snapshot).ConfigureAwait(false);
        }
        catch (CatalogUnavailableException ex)
        {
            logger.LogError("Catalog unavailable: {Error}", ex.Message);
            return Advice<T>.Fail(AdviceFailure.Unavailable, ex.Message);
        }
    }

    /// <summary>Like <see cref="Guard{T}"/> for work that needs only the tracks (search, previews work before any clustering).</summary>
    private async Task<Advice<T>> GuardTracks<T>(Func<IReadOnlyDictionary<long, CatalogTrack>, Task<Advice<T>>> work, CancellationToken ct)
    {
        try
        {
            var all = await catalog.GetTracksAsync(ct).ConfigureAwait(false);
            if (all.Count == 0) return Advice<T>.Fail(AdviceFailure.EmptyCatalog, "the catalog has no tracks (run ingest)");
            return await work(all).ConfigureAwait(false);
        }
        catch (CatalogUnavailableException ex)
        {
            logger.LogError("Catalog unavailable: {Error}", ex.Message);
            return Advice<T>.Fail(AdviceFailure.Unavailable, ex.Message);
        }
    }
}
