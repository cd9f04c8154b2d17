using Microsoft.Extensions.DependencyInjection;
using TuneBot.Bot.Advice;
using TuneBot.Bot.Ports;
using TuneBot.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Bot.Advice;

/// <summary>The real catalog advisor over a generated, ingested and clustered catalog.</summary>
[Collection(GeneratedCatalogCollection.Name)]
[Trait("Category", "Integration")]
public sealed class CatalogMusicAdvisorTests(GeneratedCatalog catalog)
{
    private IMusicAdvisor Advisor(ServiceProvider sp) => sp.GetRequiredService<IMusicAdvisor>();

    [Fact]
    public async Task ThemesCarryEmojiAndBothLanguagesAndEachThemePlaylistStartsNearestItsCentroid()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString);
        var themes = await Advisor(sp).ThemesAsync();
        Assert.True(themes.Succeeded, themes.Detail);
        Assert.Equal(4, themes.Value!.Count);
        var assignments = await new ClusterStore(catalog.Database).GetAssignmentsAsync(catalog.RunId);
        foreach (var theme in themes.Value)
        {
            Assert.Equal((int)catalog.RunId, theme.Key.RunId);
            Assert.False(string.IsNullOrWhiteSpace(theme.Emoji));
            Assert.NotEqual(theme.Name, theme.NameIn("ko"));
            Assert.Equal(theme.Name, theme.NameIn("en"));
            var playlist = await Advisor(sp).PlaylistForThemeAsync(theme.Key);
            Assert.True(playlist.Succeeded, playlist.Detail);
            var expected = assignments.Where(a => a.ClusterId == theme.Key.ClusterId).OrderBy(a => a.Distance).ThenBy(a => a.TrackId).Select(a => a.TrackId);
            Assert.Equal(expected, playlist.Value!.Tracks.Select(t => t.TrackId));
        }
        var stale = await Advisor(sp).PlaylistForThemeAsync(new ThemeKey((int)catalog.RunId + 1, 0));
        Assert.Equal(AdviceFailure.NotFound, stale.Failure);
    }

    [Fact]
    public async Task EveryEmotionYieldsAPlaylistForBothStrategiesAndLiftStartsElsewhereForSadness()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString);
        foreach (var emotion in EmotionReading.Labels)
            foreach (var strategy in Enum.GetValues<MoodStrategy>())
            {
                var playlist = await Advisor(sp).PlaylistForMoodAsync(emotion, strategy);
                Assert.True(playlist.Succeeded, $"{emotion} {strategy}: {playlist.Detail}");
                Assert.Equal(10, playlist.Value!.Tracks.Count);
                Assert.Equal(10, playlist.Value.Tracks.Select(t => t.TrackId).Distinct().Count());
            }
        var match = (await Advisor(sp).PlaylistForMoodAsync("sad", MoodStrategy.Match)).Value!;
        var happy = (await Advisor(sp).PlaylistForMoodAsync("happy", MoodStrategy.Match)).Value!;
        Assert.NotEqual(match.Theme.Key, happy.Theme.Key);
        Assert.NotEqual(match.Tracks.Select(t => t.TrackId), happy.Tracks.Select(t => t.TrackId));
    }

    [Fact]
    public async Task FindTracksForgivesCaseDiacriticsPunctuationAndOrderAndOffersChoicesWhenSeveralFit()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString);
        var cafe = catalog.Track("Café Noir");
        var exact = (await Advisor(sp).FindTracksAsync("  CAFE-noir!! ", 5)).Value!;
        Assert.Equal(cafe.Id, exact[0].TrackId);
        Assert.True(exact[0].Score >= 0.9);
        var reordered = (await Advisor(sp).FindTracksAsync("organ circle cafe noir", 5)).Value!;
        Assert.Equal(cafe.Id, reordered[0].TrackId);
        Assert.True(reordered[0].Score >= 0.9);
        var typo = (await Advisor(sp).FindTracksAsync("Velvet Chior", 5)).Value!;
        Assert.Equal(catalog.Track("Velvet Choir").Id, typo[0].TrackId);
        var several = (await Advisor(sp).FindTracksAsync("pluck", 5)).Value!;
        Assert.Equal(4, several.Count);
        Assert.All(several, c => Assert.True(c.Score < 0.9, $"{c.Title} {c.Score}"));
        Assert.DoesNotContain((await Advisor(sp).FindTracksAsync("I feel a bit tired today and want to sleep", 5)).Value!,
            c => c.Score >= 0.9);
    }

    [Fact]
    public async Task SimilarTracksExcludeTheTrackItselfAndStartWithItsOwnFamily()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString);
        var drum = catalog.Track("Static Sprint");
        var similar = await Advisor(sp).SimilarToTrackAsync(drum.Id);
        Assert.True(similar.Succeeded, similar.Detail);
        Assert.DoesNotContain(similar.Value!.Tracks, t => t.TrackId == drum.Id);
        Assert.Equal(10, similar.Value.Tracks.Count);
        Assert.All(similar.Value.Tracks.Take(3), t => Assert.Equal("Noise Drums", t.Artist));
        var more = await Advisor(sp).MoreLikeAsync(similar.Value.Anchor!);
        Assert.True(more.Succeeded, more.Detail);
        Assert.Empty(more.Value!.Tracks.Select(t => t.TrackId).Intersect(similar.Value.Tracks.Select(t => t.TrackId)));
        Assert.Equal(AdviceFailure.NotFound, (await Advisor(sp).SimilarToTrackAsync(999_999)).Failure);
    }

    [Fact]
    public async Task AForgedMoreAnchorWithAHugeOffsetIsRefusedNotSizedBy()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString);
        var similar = await Advisor(sp).SimilarToTrackAsync(catalog.Track("Static Sprint").Id);
        var anchor = similar.Value!.Anchor!;
        var forged = anchor[..(anchor.LastIndexOf('.') + 1)] + "2000000000";   // "m:t.1.3.2000000000" once OutOfMemoryException
        Assert.Equal(AdviceFailure.NotFound, (await Advisor(sp).MoreLikeAsync(forged)).Failure);
    }

    [Fact]
    public async Task AVoiceNoteOfACatalogTrackFindsThatTrackWhereItWasRecorded()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString);
        var playlist = await Advisor(sp).RecommendFromClipAsync(catalog.VoiceNotePath);
        Assert.True(playlist.Succeeded, playlist.Detail);
        var top = playlist.Value!.Tracks[0];
        Assert.Equal(GeneratedCatalog.VoiceSource, top.Title);
        Assert.False(playlist.Value.ClosestOnly);
        Assert.True(playlist.Value.Identified);
        Assert.InRange(top.MatchStartSeconds!.Value, GeneratedCatalog.VoiceStartSeconds - 8, GeneratedCatalog.VoiceStartSeconds + 8);
        var cluster = (await new ClusterStore(catalog.Database).GetAssignmentsAsync(catalog.RunId)).Single(a => a.TrackId == top.TrackId).ClusterId;
        Assert.Equal(cluster, playlist.Value.Theme.Key.ClusterId);
        foreach (var language in new[] { "en", "ko" })
        {
            var map = await Advisor(sp).MapAsync(playlist.Value.Anchor, language);
            Assert.True(map.Succeeded, map.Detail);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, map.Value!.Png[..4].ToArray());
        }
    }

    [Fact]
    public async Task AFoundSongIsFollowedByTheTracksMostLikeIt()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString);
        var playlist = await Advisor(sp).RecommendFromClipAsync(catalog.VoiceNotePath);
        Assert.True(playlist.Succeeded, playlist.Detail);
        var song = playlist.Value!.Tracks[0];
        var like = await Advisor(sp).SimilarToTrackAsync(song.TrackId);
        Assert.True(like.Succeeded, like.Detail);

        Assert.Equal(GeneratedCatalog.VoiceSource, song.Title);
        Assert.Equal(like.Value!.Tracks.Take(playlist.Value.Tracks.Count - 1).Select(t => t.TrackId), playlist.Value.Tracks.Skip(1).Select(t => t.TrackId));
        Assert.All(playlist.Value.Tracks.Skip(1), t => Assert.Null(t.MatchStartSeconds));   // there for the song, not for a passage
    }

    [Fact]
    public async Task AClipAboveTheConfiguredMatchDistanceStillGetsTheNearestTracksMarkedAsClosestOnly()
    {
        // Recommender:* binds RecommenderOptions; without landmarks a zero distance makes every match "not confident".
        using var sp = AdviceTestServices.Build(catalog.ConnectionString,
            new Dictionary<string, string?> { ["Recommender:NoConfidentMatchDistance"] = "0", ["Recommender:Landmarks"] = "false" });
        var playlist = await Advisor(sp).RecommendFromClipAsync(catalog.VoiceNotePath);
        Assert.True(playlist.Succeeded, playlist.Detail);
        Assert.True(playlist.Value!.ClosestOnly);
        Assert.False(playlist.Value.Identified);
        Assert.Equal(GeneratedCatalog.VoiceSource, playlist.Value.Tracks[0].Title);
        var more = await Advisor(sp).MoreLikeAsync(playlist.Value.Anchor!);
        Assert.True(more.Succeeded, more.Detail);
        Assert.False(more.Value!.ClosestOnly);
        Assert.False(more.Value.Identified);   // a later page's first track is not the clip's song
    }

    [Fact]
    public async Task AClipItsLandmarksIdentifyIsNamedEvenAboveTheMatchDistance()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString,
            new Dictionary<string, string?> { ["Recommender:NoConfidentMatchDistance"] = "0" });
        var playlist = await Advisor(sp).RecommendFromClipAsync(catalog.VoiceNotePath);
        Assert.True(playlist.Succeeded, playlist.Detail);
        Assert.False(playlist.Value!.ClosestOnly);
        Assert.True(playlist.Value.Identified);
        Assert.Equal(GeneratedCatalog.VoiceSource, playlist.Value.Tracks[0].Title);
    }

    [Fact]
    public async Task BadClipsAreTypedFailures()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString);
        Assert.Equal(AdviceFailure.CorruptAudio, (await Advisor(sp).RecommendFromClipAsync(catalog.CorruptOggPath)).Failure);
        var text = Path.Combine(catalog.Directory, "notes.txt");
        await File.WriteAllTextAsync(text, "this is not audio at all, just some words in a file\n");
        var notAudio = await Advisor(sp).RecommendFromClipAsync(text);
        Assert.Contains(notAudio.Failure, new AdviceFailure?[] { AdviceFailure.NotAudio, AdviceFailure.CorruptAudio });
        using var noFfmpeg = AdviceTestServices.Build(catalog.ConnectionString, new Dictionary<string, string?> { ["Audio:FfmpegPath"] = "/nonexistent/ffmpeg" });
        Assert.Equal(AdviceFailure.Unavailable, (await noFfmpeg.GetRequiredService<IMusicAdvisor>().RecommendFromClipAsync(catalog.VoiceNotePath)).Failure);
    }

    [Fact]
    public async Task APreviewIsThirtySecondsOfMp3WithTheTrackTagged()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString);
        var lead = catalog.Track("Neon Lead");
        var clip = await Advisor(sp).PreviewAsync(lead.Id, 3);
        Assert.True(clip.Succeeded, clip.Detail);
        Assert.Equal("audio/mpeg", clip.Value!.ContentType);
        Assert.Equal(30, clip.Value.DurationSeconds);
        var file = Path.Combine(catalog.Directory, $"preview-{Guid.NewGuid():N}.mp3");
        await File.WriteAllBytesAsync(file, clip.Value.Audio.ToArray());
        var (codec, duration, title) = GeneratedCatalog.Probe(file);
        Assert.Equal("mp3", codec);
        Assert.InRange(duration, 29, 31.5);
        Assert.Equal("Neon Lead", title);
        Assert.Equal(AdviceFailure.NotFound, (await Advisor(sp).PreviewAsync(999_999, 0)).Failure);
    }

    [Fact]
    public async Task AnEmptyCatalogIsEmptyAndANeverClusteredOneIsNotReadyButSearchWorksBeforeClustering()
    {
        var dir = Path.Combine(catalog.Directory, "other-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var db = CatalogDatabase.Create("sqlite", Path.Combine(dir, "c.db"));
        await db.MigrateAsync();
        using (var sp = AdviceTestServices.Build(db.ConnectionString))
        {
            Assert.Equal(AdviceFailure.EmptyCatalog, (await Advisor(sp).ThemesAsync()).Failure);
            Assert.Equal(AdviceFailure.EmptyCatalog, (await Advisor(sp).PlaylistForMoodAsync("sad", MoodStrategy.Match)).Failure);
            Assert.Equal(AdviceFailure.EmptyCatalog, (await Advisor(sp).RecommendFromClipAsync(catalog.VoiceNotePath)).Failure);
        }
        var music = Path.Combine(dir, "music");
        Directory.CreateDirectory(music);
        File.Copy(catalog.Track("Café Noir").Path, Path.Combine(music, "a.mp3"));
        await new TuneBot.Core.Ingestion.CatalogIngestor(db).RunAsync([music]);
        using (var sp = AdviceTestServices.Build(db.ConnectionString))
        {
            Assert.Equal(AdviceFailure.NotReady, (await Advisor(sp).ThemesAsync()).Failure);
            Assert.Equal(AdviceFailure.NotReady, (await Advisor(sp).PlaylistForMoodAsync("sad", MoodStrategy.Match)).Failure);
            Assert.Equal(AdviceFailure.NotReady, (await Advisor(sp).RecommendFromClipAsync(catalog.VoiceNotePath)).Failure);
            var found = await Advisor(sp).FindTracksAsync("cafe noir", 3);
            Assert.True(found.Succeeded, found.Detail);
            Assert.Equal("Café Noir", Assert.Single(found.Value!).Title);
        }
    }

    [Fact]
    public async Task AnUnreachableDatabaseIsUnavailable()
    {
        // A database file whose folder is a regular file cannot be opened.
        var blocker = Path.Combine(catalog.Directory, "blocker-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(blocker, "");
        using var sp = AdviceTestServices.Build($"Data Source={Path.Combine(blocker, "c.db")}");
        Assert.Equal(AdviceFailure.Unavailable, (await Advisor(sp).ThemesAsync()).Failure);
        Assert.Equal(AdviceFailure.Unavailable, (await Advisor(sp).FindTracksAsync("x", 3)).Failure);
    }
}
