using TuneBot.Core.Storage;
using TuneBot.Core.Evaluation;
using TuneBot.Core.Recommendation;
using Xunit;

namespace TuneBot.Tests.Core.Recommendation;

[Trait("Category", "Integration")]
public class RecommenderTests(SyntheticCatalog catalog) : IClassFixture<SyntheticCatalog>
{
    private const int Sr = SyntheticCatalog.SampleRate;

    private (string Path, float[] Samples) Track(int i) => catalog.Audio.ElementAt(i) is var kv ? (kv.Key, kv.Value) : default;

    [Fact]
    public async Task A_snippet_finds_its_track_first_at_the_right_place()
    {
        using var recommender = new Recommender(catalog.Database);
        foreach (var (i, start) in new[] { (2, 7.0), (4, 11.5) })
        {
            var (path, samples) = Track(i);
            var clip = samples.AsSpan((int)(start * Sr), 6 * Sr).ToArray();
            var result = await recommender.RecommendAsync(clip, Sr);
            Assert.Equal(RecommendationOutcome.Ok, result.Outcome);
            Assert.Equal(path, result.Tracks[0].Track.Path);
            Assert.InRange(result.Tracks[0].MatchStartSeconds, start - 0.5, start + 0.5);
            Assert.InRange(result.Tracks[0].MatchEndSeconds, start + 5.5, start + 6.5);
            Assert.True(result.Tracks.Count > 1 && result.Tracks[1].Distance >= result.Tracks[0].Distance);
            Assert.Equal(result.Tracks[0].ClusterId, result.ThemeClusterId);
            Assert.NotNull(result.Theme);
            Assert.NotEmpty(result.ProbedClusters);
            Assert.True(result.Elapsed.FeaturesMs > 0 && result.Elapsed.SearchMs > 0);
        }
    }

    [Fact]
    public async Task A_song_the_catalog_lacks_is_no_confident_match_because_nothing_stands_out()
    {
        // Only the contrast decides here (the distance limit is off), so the test fails if it stops working. Five
        // synthetic songs of one generator are closer to each other than real music (a clean clip's own track
        // stands at 0.2–0.3 of its runners-up, an outsider's best at 0.81–0.96), hence a limit of its own here;
        // the real one is calibrated on the demo catalog (RecommenderOptions.NoConfidentMatchContrast).
        var options = new RecommenderOptions { NoConfidentMatchDistance = double.MaxValue, NoConfidentMatchContrast = 0.6, MinContrastTracks = 3 };
        using var recommender = new Recommender(catalog.Database, options);
        var (_, samples) = Track(3);
        var clip = samples.AsSpan(6 * Sr, 8 * Sr).ToArray();

        var present = await recommender.RecommendAsync(clip, Sr);
        Assert.Equal(RecommendationOutcome.Ok, present.Outcome);
        Assert.True(present.Contrast < options.NoConfidentMatchContrast, $"contrast {present.Contrast}");
        var own = present.Tracks[0].Track.Id;

        var absent = await recommender.RecommendExcludingAsync(clip, Sr, own);
        Assert.Equal(RecommendationOutcome.NoConfidentMatch, absent.Outcome);
        Assert.True(absent.Contrast > options.NoConfidentMatchContrast, $"contrast {absent.Contrast}");
        Assert.DoesNotContain(absent.Tracks, t => t.Track.Id == own);
        Assert.NotEmpty(absent.Tracks);   // the closest tracks are still offered

        // The judgement does not depend on how many results were asked for.
        var one = await recommender.RecommendAsync(clip, Sr, topN: 1);
        Assert.Single(one.Tracks);
        Assert.Equal(present.Contrast, one.Contrast);
        Assert.Equal(present.Outcome, one.Outcome);
    }

    [Fact]
    public async Task A_catalog_too_small_for_a_contrast_is_judged_by_distance_alone()
    {
        using var recommender = new Recommender(catalog.Database, new RecommenderOptions { MinContrastTracks = SyntheticCatalog.Tracks });
        var (_, samples) = Track(2);
        var result = await recommender.RecommendAsync(samples.AsSpan(7 * Sr, 6 * Sr).ToArray(), Sr);
        Assert.Null(result.Contrast);
        Assert.Equal(RecommendationOutcome.Ok, result.Outcome);
    }

    [Fact]
    public async Task A_noisy_band_limited_snippet_file_still_finds_its_track()
    {
        using var recommender = new Recommender(catalog.Database);
        var (path, samples) = Track(1);
        var clip = samples.AsSpan(5 * Sr, 8 * Sr).ToArray();
        var rng = new Random(3);
        var degraded = PhoneDegradation.Apply(clip, Sr, Degradation.Noise | Degradation.Phone, rng);
        var file = Path.Combine(catalog.Dir, "query.wav");
        SyntheticCatalog.WriteWav(file, degraded);
        var result = await recommender.RecommendAsync(file);
        Assert.Equal(RecommendationOutcome.Ok, result.Outcome);
        Assert.Equal(path, result.Tracks[0].Track.Path);
        Assert.True(result.Elapsed.DecodeMs > 0);
    }

    [Fact]
    public async Task A_pcm_clip_is_silent_by_the_decoders_rule_alone()
    {
        // A faint click in silence: peak −54 dBFS (above the decoder's −60 dBFS), RMS far below −70 dBFS. The same
        // clip must not be silent as PCM when it is not silent as a voice note.
        using var recommender = new Recommender(catalog.Database);
        var clip = new float[Sr * 5];
        for (int i = 0; i < 100; i++) clip[Sr + i] = 0.002f;
        var file = Path.Combine(catalog.Dir, "click.wav");
        SyntheticCatalog.WriteWav(file, clip);
        Assert.NotEqual(RecommendationOutcome.Silent, (await recommender.RecommendAsync(file)).Outcome);
        Assert.NotEqual(RecommendationOutcome.Silent, (await recommender.RecommendAsync(clip, Sr)).Outcome);
    }

    [Fact]
    public async Task Bad_clips_get_typed_outcomes()
    {
        using var recommender = new Recommender(catalog.Database);
        var (_, samples) = Track(0);
        Assert.Equal(RecommendationOutcome.TooShort, (await recommender.RecommendAsync(samples[..(Sr * 3 / 2)], Sr)).Outcome);
        Assert.Equal(RecommendationOutcome.Silent, (await recommender.RecommendAsync(new float[Sr * 5], Sr)).Outcome);
        Assert.Equal(RecommendationOutcome.NotAudio, (await recommender.RecommendAsync(samples, 44100)).Outcome);
        var text = Path.Combine(catalog.Dir, "notes.txt");
        await File.WriteAllTextAsync(text, "this is not a song, just some words in a text file\n");
        var notAudio = await recommender.RecommendAsync(text);
        Assert.Equal(RecommendationOutcome.NotAudio, notAudio.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(notAudio.Reason));
        Assert.Empty(notAudio.Tracks);
    }

    [Fact]
    public void A_catalog_not_yet_clustered_is_a_typed_outcome()
    {
        Assert.Equal(RecommendationOutcome.NotClustered, catalog.BeforeClustering.Outcome);
        Assert.Contains("cluster", catalog.BeforeClustering.Reason);
    }

    [Fact]
    public async Task Empty_and_unreachable_catalogs_are_typed_outcomes()
    {
        var dir = Path.Combine(catalog.Dir, "empty");
        Directory.CreateDirectory(dir);
        var empty = CatalogDatabase.Create("sqlite", Path.Combine(dir, "empty.db"));
        await empty.MigrateAsync();
        using (var r = new Recommender(empty))
            Assert.Equal(RecommendationOutcome.EmptyCatalog, (await r.RecommendAsync(Track(0).Samples[..(Sr * 4)], Sr)).Outcome);
        var down = CatalogDatabase.Create("sqlite", Path.Combine(catalog.Dir, "no", "such", "dir", "x.db"));
        using (var r = new Recommender(down))
        {
            var result = await r.RecommendAsync(Track(0).Samples[..(Sr * 4)], Sr);
            Assert.Equal(RecommendationOutcome.Unavailable, result.Outcome);
        }
    }

    [Fact]
    public async Task Similar_to_a_track_excludes_the_track_itself_and_an_unknown_track_has_none()
    {
        using var recommender = new Recommender(catalog.Database);
        var ids = (await new TrackStore(catalog.Database).ListAsync()).Select(t => t.Id).ToList();

        var all = await recommender.SimilarTracksAsync(ids[0], 1000);
        var three = await recommender.SimilarTracksAsync(ids[0], 3);
        var unknown = await recommender.SimilarTracksAsync(ids.Max() + 1, 3);

        Assert.Equal(RecommendationOutcome.Ok, all.Outcome);
        Assert.DoesNotContain(ids[0], all.TrackIds);
        Assert.Equal(ids.Where(i => i != ids[0]).Order(), all.TrackIds.Order());
        Assert.Equal(all.TrackIds.Take(3), three.TrackIds);
        Assert.Equal(RecommendationOutcome.CatalogOutdated, unknown.Outcome);
        Assert.Empty(unknown.TrackIds);
    }
}
