using TuneBot.Core.Similarity;
using Xunit;

namespace TuneBot.Tests.Core.Similarity;

public class SummarySimilarityTests
{
    // Four "soundtracks" of eight tracks, centres apart on their own axes, members scattered around them.
    private static Dictionary<long, double[]> Groups(int dims, double separation, double spread, int seed, out Dictionary<long, int> groupOf)
    {
        var rng = new Random(seed);
        var summaries = new Dictionary<long, double[]>();
        groupOf = [];
        long id = 1;
        for (int g = 0; g < 4; g++)
            for (int m = 0; m < 8; m++, id++)
            {
                var v = new double[dims];
                for (int j = 0; j < dims; j++) v[j] = Gaussian(rng) * spread + (j % 4 == g ? separation : 0);
                summaries[id] = v;
                groupOf[id] = g;
            }
        return summaries;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void Tracks_of_the_same_group_come_first()
    {
        var summaries = Groups(dims: 12, separation: 6, spread: 1, seed: 3, out var groupOf);
        var similarity = SummarySimilarity.Build(summaries);

        foreach (var id in summaries.Keys)
        {
            var top = similarity.Rank(id).Take(5).ToList();
            Assert.Equal(5, top.Count);
            Assert.DoesNotContain(id, top);
            Assert.All(top, t => Assert.Equal(groupOf[id], groupOf[t]));
        }
    }

    [Fact]
    public void A_track_near_everything_does_not_top_every_list()
    {
        // The hub lies at the centre of all groups: by plain distance it is among the nearest of nearly every track.
        var summaries = Groups(dims: 40, separation: 2, spread: 1, seed: 5, out _);
        const long hub = 1000;
        summaries[hub] = summaries.Values.Aggregate(new double[40], (acc, v) => acc.Zip(v, (a, b) => a + b / 32).ToArray());
        var queries = summaries.Keys.Where(k => k != hub).ToList();

        int plainLists = queries.Count(q => PlainNearest(summaries, q).Take(5).Contains(hub));
        var similarity = SummarySimilarity.Build(summaries);
        int mutualLists = queries.Count(q => similarity.Rank(q).Take(5).Contains(hub));

        Assert.True(plainLists >= queries.Count * 3 / 4, $"set-up: the hub is in {plainLists} of {queries.Count} plain top-5 lists");
        Assert.True(mutualLists <= queries.Count / 4, $"the hub is in {mutualLists} of {queries.Count} top-5 lists (plain: {plainLists})");
    }

    // Z-scored Manhattan distance without mutual proximity: what a plain nearest-neighbour ranking gives.
    private static IEnumerable<long> PlainNearest(Dictionary<long, double[]> summaries, long query)
    {
        int d = summaries[query].Length;
        var mean = Enumerable.Range(0, d).Select(j => summaries.Values.Average(v => v[j])).ToArray();
        var std = Enumerable.Range(0, d).Select(j => Math.Sqrt(summaries.Values.Average(v => (v[j] - mean[j]) * (v[j] - mean[j])))).ToArray();
        double Dist(double[] a, double[] b) => Enumerable.Range(0, d).Sum(j => Math.Abs(a[j] - b[j]) / std[j]);
        return summaries.Where(s => s.Key != query).OrderBy(s => Dist(summaries[query], s.Value)).Select(s => s.Key);
    }

    [Fact]
    public void Excluded_tracks_are_left_out_and_an_unknown_track_has_no_list()
    {
        var summaries = Groups(dims: 12, separation: 6, spread: 1, seed: 7, out _);
        var similarity = SummarySimilarity.Build(summaries);

        var ranked = similarity.Rank(1, new HashSet<long> { 2, 3 });

        Assert.Equal(summaries.Count - 3, ranked.Count);
        Assert.DoesNotContain(2L, ranked);
        Assert.DoesNotContain(3L, ranked);
        Assert.Empty(similarity.Rank(9999));
        Assert.False(similarity.Contains(9999));
    }

    [Fact]
    public void Summaries_of_another_length_or_not_finite_are_left_out_and_a_constant_dimension_is_harmless()
    {
        var summaries = Groups(dims: 12, separation: 6, spread: 1, seed: 11, out _);
        foreach (var v in summaries.Values) v[5] = 42;          // a dimension every track shares
        summaries[500] = new double[7];                          // an older analysis
        summaries[501] = Enumerable.Repeat(double.NaN, 12).ToArray();

        var similarity = SummarySimilarity.Build(summaries);

        Assert.Equal(32, similarity.Count);
        Assert.False(similarity.Contains(500));
        Assert.False(similarity.Contains(501));
        Assert.Equal(31, similarity.Rank(1).Count);
    }

    [Fact]
    public void An_empty_or_single_track_catalog_gives_empty_lists()
    {
        Assert.Empty(SummarySimilarity.Build(new Dictionary<long, double[]>()).Rank(1));
        Assert.Empty(SummarySimilarity.Build(new Dictionary<long, double[]> { [1] = [1, 2, 3] }).Rank(1));
    }
}
