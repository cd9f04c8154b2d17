using TuneBot.Core.Evaluation;
using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Core.Evaluation;

public class SimilarEvaluationTests
{
    [Fact]
    public void The_soundtrack_is_the_first_folder_below_the_common_root()
    {
        var soundtracks = SimilarEvaluation.SoundtracksOf(new Dictionary<long, string>
        {
            [1] = "/music/Wesnoth/battle.ogg", [2] = "/music/Wesnoth/extra/peace.ogg", [3] = "/music/SuperTux/snow.ogg",
            [4] = "/music/loose.ogg",
        });

        Assert.Equal("Wesnoth", soundtracks[1]);
        Assert.Equal("Wesnoth", soundtracks[2]);
        Assert.Equal("SuperTux", soundtracks[3]);
        Assert.NotEqual(soundtracks[4], SimilarEvaluation.SoundtracksOf(new Dictionary<long, string> { [5] = "/music/other.ogg", [6] = "/music/x/y.ogg" })[5]);
    }

    [Fact]
    public void Precision_chance_and_hubs_are_counted_per_list()
    {
        var soundtrackOf = new Dictionary<long, string> { [1] = "A", [2] = "A", [3] = "B", [4] = "B" };
        var rankings = new Dictionary<long, IReadOnlyList<long>>
        {
            [1] = [2, 3, 4], [2] = [3, 1, 4], [3] = [4, 1, 2], [4] = [3, 1, 2],
        };

        var report = SimilarEvaluation.Score("t", soundtrackOf, rankings, k: 1);

        Assert.Equal(0.75, report.Precision, 6);                     // 1, 3 and 4 right, 2 wrong
        Assert.Equal(1 / 3.0, report.Chance, 6);                     // one soundtrack-mate among three others
        Assert.Equal(4, report.Answered);
        Assert.Equal(3, report.Hubs.MostListedTrackId);              // named first by 2 and 4
        Assert.Equal(0.5, report.Hubs.MostListedShare, 6);
        Assert.Equal([0.5, 1.0], report.PerSoundtrack.Select(s => s.Precision));
    }

    [Fact]
    public void The_baseline_ranks_by_mfcc_statistics_only()
    {
        // Tracks 1 and 2 share their MFCC statistics, 1 and 3 their chroma and scalars: the baseline pairs 1 with 2.
        double[] Summary(double mfcc, double rest)
        {
            var v = new double[FeatureSummary.Length];
            for (int j = 1; j < FeatureSummary.MfccCount; j++) { v[j] = mfcc * j; v[FeatureSummary.MfccCount + j] = mfcc; }
            for (int j = 2 * FeatureSummary.MfccCount; j < v.Length; j++) v[j] = rest;
            return v;
        }
        var summaries = new Dictionary<long, double[]> { [1] = Summary(1, 1), [2] = Summary(1.1, 9), [3] = Summary(5, 1), [4] = Summary(9, 9) };

        var rankings = SimilarEvaluation.MfccStatisticsRankings(summaries);

        Assert.Equal(2, rankings[1][0]);
        Assert.Equal(3, rankings[1].Count);
    }
}
