using TuneBot.Core.Recommendation;
using Xunit;

namespace TuneBot.Tests.Core.Recommendation;

[Trait("Category", "Integration")]
public class LandmarkIdentificationTests(SyntheticCatalog catalog) : IClassFixture<SyntheticCatalog>
{
    private const int Sr = SyntheticCatalog.SampleRate;

    [Fact]
    public async Task A_clip_is_identified_by_its_landmarks_with_the_track_first()
    {
        using var recommender = new Recommender(catalog.Database);
        var (path, samples) = catalog.Audio.ElementAt(3) is var kv ? (kv.Key, kv.Value) : default;
        var clip = samples.AsSpan((int)(9.3 * Sr), 5 * Sr).ToArray();
        var result = await recommender.RecommendAsync(clip, Sr);
        Assert.Equal(RecommendationOutcome.Ok, result.Outcome);
        Assert.Equal(IdentificationMethod.Landmarks, result.IdentifiedBy);
        Assert.Equal(path, result.Tracks[0].Track.Path);
        Assert.NotNull(result.Landmarks);
        Assert.Equal(result.Tracks[0].Track.Id, result.Landmarks.TrackId);
        Assert.InRange(result.Landmarks.OffsetSeconds, 9.2, 9.4);

        // The same clip with its track left out: the landmarks name nothing, whatever DTW then says.
        var without = await recommender.RecommendExcludingAsync(clip, Sr, result.Tracks[0].Track.Id);
        Assert.NotEqual(IdentificationMethod.Landmarks, without.IdentifiedBy);
        Assert.DoesNotContain(without.Tracks, x => x.Track.Path == path);
    }

    [Fact]
    public async Task Noise_is_not_identified_by_landmarks()
    {
        using var recommender = new Recommender(catalog.Database);
        var rng = new Random(4);
        var noise = Enumerable.Range(0, 6 * Sr).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.3f).ToArray();
        var result = await recommender.RecommendAsync(noise, Sr);
        Assert.NotEqual(IdentificationMethod.Landmarks, result.IdentifiedBy);
        Assert.False(result.Landmarks?.Confident ?? false);
    }
}
