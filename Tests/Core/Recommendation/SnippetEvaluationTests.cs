using TuneBot.Core.Evaluation;
using TuneBot.Core.Recommendation;
using Xunit;

namespace TuneBot.Tests.Core.Recommendation;

[Trait("Category", "Integration")]
public class SnippetEvaluationTests(SyntheticCatalog catalog) : IClassFixture<SyntheticCatalog>
{
    [Fact]
    public async Task Outsiders_are_snippets_searched_without_their_own_track_and_are_reported_apart()
    {
        // The synthetic songs' contrast limit (see RecommenderTests): clean clips 0.2–0.3, outsiders 0.81–0.96.
        using var recommender = new Recommender(catalog.Database, new RecommenderOptions { NoConfidentMatchContrast = 0.6, MinContrastTracks = 3 });
        var report = await SnippetEvaluation.RunAsync(catalog.Database, recommender,
            new SnippetEvaluationOptions { Count = 6, Outsiders = 4, Negatives = 2, Seconds = 6, Degrade = Degradation.None, Seed = 5 });

        Assert.Equal(6, report.Count);
        Assert.Equal(1.0, report.HitAt1);
        Assert.Equal(1.0, report.HitsConfident);
        var outsiders = report.Snippets.Where(s => s.Outsider).ToList();
        Assert.Equal(4, outsiders.Count);
        Assert.Equal(4, report.OutsiderCount);
        Assert.All(outsiders, s =>
        {
            Assert.True(s.Negative);
            Assert.Equal(0, s.Rank);
            Assert.DoesNotContain(s.Result.Tracks, t => t.Track.Id == s.TrackId);
        });
        Assert.Equal(1.0, report.OutsidersFlagged);
        Assert.Equal(2, report.Snippets.Count(s => s.Negative && !s.Outsider));
        Assert.True(report.OutsiderDistances.P50 > report.HitDistances.P50);
    }

    [Fact]
    public async Task Adding_outsiders_leaves_the_positive_snippets_as_they_were()
    {
        using var recommender = new Recommender(catalog.Database);
        var plain = await SnippetEvaluation.RunAsync(catalog.Database, recommender,
            new SnippetEvaluationOptions { Count = 4, Seconds = 6, Degrade = Degradation.None, Seed = 9 });
        var withOutsiders = await SnippetEvaluation.RunAsync(catalog.Database, recommender,
            new SnippetEvaluationOptions { Count = 4, Outsiders = 3, Seconds = 6, Degrade = Degradation.None, Seed = 9 });
        Assert.Equal(plain.Snippets.Select(s => (s.TrackId, s.StartSeconds)),
            withOutsiders.Snippets.Where(s => !s.Outsider).Select(s => (s.TrackId, s.StartSeconds)));
    }
}
