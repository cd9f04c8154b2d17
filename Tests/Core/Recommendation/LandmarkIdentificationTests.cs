using TuneBot.Core.Recommendation;
using TuneBot.Core.Similarity;
using TuneBot.Core.Similarity.Fingerprints;
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

public class LandmarkCorroborationTests
{
    private static SearchResult R(long id) => new(id, 0, 10, 1, 0, 10);
    private static readonly List<SearchResult> Found = [R(1), R(2), R(3), R(4), R(5), R(6), R(7)];

    [Fact]
    public void A_confident_landmark_match_names_the_track_wherever_DTW_ranked_it()
    {
        var match = new LandmarkMatch(42, Aligned: 40, OffsetSeconds: 3, RunnerUpAligned: 5, QueryLandmarks: 900, Confident: true);
        Assert.Equal(42L, LandmarkIdentification.Identified(match, 12, Found));
        var promoted = LandmarkIdentification.Promote(Found, 42, id => new SearchResult(id, 0, 20, 2, 5, 15));
        Assert.Equal([42L, 1, 2, 3, 4, 5, 6, 7], promoted.Select(r => r.TrackId));
    }

    [Fact]
    public void Weaker_landmark_evidence_counts_only_when_DTW_ranks_the_same_track_near_the_top()
    {
        var weak = new LandmarkMatch(4, Aligned: 20, OffsetSeconds: 3, RunnerUpAligned: 14, QueryLandmarks: 900, Confident: false);
        Assert.Equal(4L, LandmarkIdentification.Identified(weak, 12, Found));
        Assert.Equal([4L, 1, 2, 3, 5, 6, 7], LandmarkIdentification.Promote(Found, 4, _ => null).Select(r => r.TrackId));
        Assert.Null(LandmarkIdentification.Identified(weak with { TrackId = 7 }, 12, Found));           // DTW rank 7
        Assert.Null(LandmarkIdentification.Identified(weak with { RunnerUpAligned = 18 }, 12, Found));  // runner-up too close
        Assert.Null(LandmarkIdentification.Identified(weak with { Aligned = 11, RunnerUpAligned = 2 }, 12, Found));  // too few
        Assert.Same(Found, LandmarkIdentification.Promote(Found, null, _ => throw new InvalidOperationException()));
    }
}
