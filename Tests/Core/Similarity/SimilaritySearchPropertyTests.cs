using TuneBot.Core.Similarity;
using Xunit;
using static TuneBot.Tests.Core.Similarity.SimilarityTestData;

namespace TuneBot.Tests.Core.Similarity;

/// <summary>The pruned search must return exactly the brute-force top N: same ids, same order, same distances
/// (to float tolerance), same matched positions.</summary>
public class SimilaritySearchPropertyTests
{
    private static List<(IndexedTrack Track, FrameSequence Sequence)> Catalog(Random rng, int tracks, int dims, int minFrames, int maxFrames)
    {
        var list = new List<(IndexedTrack, FrameSequence)>();
        for (int i = 0; i < tracks; i++)
            list.Add((new IndexedTrack(1000 + i * 7, i % 4), RandomWalk(rng, rng.Next(minFrames, maxFrames + 1), dims)));
        return list;
    }

    private static void AssertSameRanking(List<(long Id, DtwMatch Match)> expected, SearchResponse actual)
    {
        Assert.Equal(SearchOutcome.Ok, actual.Outcome);
        Assert.Equal(expected.Select(e => e.Id), actual.Results.Select(r => r.TrackId));
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i].Match; var a = actual.Results[i];
            Assert.Equal(e.Cost, a.Distance, 1e-6 * Math.Max(1, e.Cost));
            Assert.Equal(e.StartFrame, a.MatchStartFrame);
            Assert.Equal(e.EndFrame, a.MatchEndFrame);
        }
    }

    [Theory]
    [InlineData(1, 1, 0, 3, 1)]
    [InlineData(2, 3, 2, 5, 2)]
    [InlineData(3, 8, 4, 10, 2)]
    [InlineData(4, 20, 8, 5, 1)]
    [InlineData(5, 24, 1, 1, 2)]
    [InlineData(6, 13, 100, 7, 2)]
    [InlineData(9, 32, 9, 10, 2)]
    public void BandedPrunedSearchEqualsBruteForceTopN(int seed, int dims, int band, int topN, int threads)
    {
        var rng = new Random(seed);
        var catalog = Catalog(rng, 40, dims, 30, 250);
        // Ties: an exact duplicate of a track must rank right after it (larger id), as brute force orders them.
        catalog.Add((new IndexedTrack(1, 3), catalog[5].Sequence));
        var index = SearchIndex.Build(catalog, dims, withWindowIndex: false);
        var options = new SearchOptions { Band = band, UseWindowIndex = false, MaxDegreeOfParallelism = threads };
        long pruned = 0, windows = 0;
        for (int q = 0; q < 12; q++)
        {
            int n = rng.Next(2, 40);
            var src = catalog[rng.Next(catalog.Count)].Sequence;
            var query = q % 3 == 0 || src.Frames < n ? RandomWalk(rng, n, dims)
                : NoisyCut(rng, src, rng.Next(0, src.Frames - n + 1), n, q % 2 == 0 ? 0.2 : 1.5);
            var expected = BruteForceTopN(catalog, s => BandedSubsequenceDtw.Reference(query, s, band), topN);
            var actual = index.Search(query, topN, null, options);
            AssertSameRanking(expected, actual);
            pruned += actual.Statistics.PrunedByKim + actual.Statistics.PrunedByKeogh + actual.Statistics.PrunedBySubsequence + actual.Statistics.PrunedByEnvelope + actual.Statistics.DtwAbandoned;
            windows += actual.Statistics.Windows;
        }
        Assert.True(pruned > windows / 4, $"pruning decided only {pruned} of {windows} placements");
    }

    [Theory]
    [InlineData(7, 2, 3, 1)]
    [InlineData(8, 12, 4, 2)]
    public void UnconstrainedSearchEqualsBruteForceTopN(int seed, int dims, int topN, int threads)
    {
        var rng = new Random(seed);
        var catalog = Catalog(rng, 25, dims, 20, 120);
        var index = SearchIndex.Build(catalog, dims, withWindowIndex: false);
        var options = new SearchOptions { Mode = DtwMode.Unconstrained, UseWindowIndex = false, MaxDegreeOfParallelism = threads };
        for (int q = 0; q < 8; q++)
        {
            int n = rng.Next(2, 25);
            var src = catalog[rng.Next(catalog.Count)].Sequence;
            var query = q % 2 == 0 ? RandomWalk(rng, n, dims) : NoisyCut(rng, src, 0, Math.Min(n, src.Frames), 0.5);
            var expected = BruteForceTopN(catalog, s => SubsequenceDtw.Compute(query, s), topN);
            AssertSameRanking(expected, index.Search(query, topN, null, options));
        }
    }

    [Fact]
    public void FiltersRestrictTheRankingToTheChosenClustersAndTracks()
    {
        var rng = new Random(21);
        var catalog = Catalog(rng, 30, 6, 60, 120);
        var index = SearchIndex.Build(catalog, 6, withWindowIndex: false);
        var options = new SearchOptions { Band = 3, UseWindowIndex = false };
        var query = NoisyCut(rng, catalog[2].Sequence, 10, 30, 0.3);

        var inCluster = catalog.Where(c => c.Track.ClusterId == 1).ToList();
        var expected = BruteForceTopN(inCluster, s => BandedSubsequenceDtw.Reference(query, s, 3), 5);
        AssertSameRanking(expected, index.Search(query, 5, new SearchFilter(ClusterIds: [1]), options));

        var ids = new long[] { catalog[2].Track.TrackId, catalog[9].Track.TrackId, 424242 };
        var chosen = catalog.Where(c => ids.Contains(c.Track.TrackId)).ToList();
        AssertSameRanking(BruteForceTopN(chosen, s => BandedSubsequenceDtw.Reference(query, s, 3), 5),
            index.Search(query, 5, new SearchFilter(TrackIds: ids), options));
        Assert.Equal(catalog[2].Track.TrackId, index.Search(query, 1, null, options).Results[0].TrackId);
    }

    [Fact]
    public void BadInputGivesTypedOutcomesNotExceptions()
    {
        var rng = new Random(3);
        var empty = SearchIndex.Build([], 4);
        Assert.Equal(SearchOutcome.EmptyIndex, empty.Search(RandomWalk(rng, 10, 4), 3).Outcome);
        var index = SearchIndex.Build(Catalog(rng, 5, 4, 50, 60), 4);
        var mismatch = index.Search(RandomWalk(rng, 10, 5), 3);
        Assert.Equal(SearchOutcome.DimensionMismatch, mismatch.Outcome);
        Assert.False(string.IsNullOrWhiteSpace(mismatch.Reason));
        Assert.Equal(SearchOutcome.QueryTooShort, index.Search(RandomWalk(rng, 1, 4), 3).Outcome);
        Assert.Equal(SearchOutcome.NoCandidates, index.Search(RandomWalk(rng, 10, 4), 3, new SearchFilter(ClusterIds: [99])).Outcome);
        // A query longer than every track: no placement, an empty ranking rather than a failure.
        var tooLong = index.Search(RandomWalk(rng, 80, 4), 3, null, new SearchOptions { UseWindowIndex = false });
        Assert.Equal(SearchOutcome.Ok, tooLong.Outcome);
        Assert.Empty(tooLong.Results);
    }

    [Fact]
    public void ConcurrentQueriesGiveTheSameAnswersAsSequentialOnes()
    {
        var rng = new Random(33);
        var catalog = Catalog(rng, 30, 10, 100, 200);
        var index = SearchIndex.Build(catalog, 10);
        var queries = Enumerable.Range(0, 16).Select(i => NoisyCut(rng, catalog[i].Sequence, 5, 40, 0.5)).ToList();
        var sequential = queries.Select(q => index.Search(q, 5).Results.ToList()).ToList();
        var concurrent = new List<SearchResult>[queries.Count];
        Parallel.For(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i] = index.Search(queries[i], 5).Results.ToList());
        for (int i = 0; i < queries.Count; i++) Assert.Equal(sequential[i], concurrent[i]);
    }
}
