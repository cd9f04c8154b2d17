using TuneBot.Core.Similarity;
using Xunit;
using static TuneBot.Tests.Core.Similarity.SimilarityTestData;

namespace TuneBot.Tests.Core.Similarity;

public class BandedSubsequenceDtwTests
{
    // Independent definition: for each window, full-matrix DTW with both ends fixed and |i − j| ≤ r.
    private static (double Cost, int Start) Naive(FrameSequence q, FrameSequence y, int r)
    {
        int n = q.Frames;
        double best = double.PositiveInfinity; int bestStart = -1;
        for (int s = 0; s + n <= y.Frames; s++)
        {
            var D = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    D[i, j] = double.PositiveInfinity;
                    if (Math.Abs(i - j) > r) continue;
                    double c = 0;
                    for (int k = 0; k < q.Dims; k++) { double d = q.Frame(i)[k] - y.Frame(s + j)[k]; c += d * d; }
                    c = Math.Sqrt(c);
                    if (i == 0 && j == 0) { D[i, j] = c; continue; }
                    double p = double.PositiveInfinity;
                    if (i > 0 && j > 0) p = Math.Min(p, D[i - 1, j - 1]);
                    if (j > 0) p = Math.Min(p, D[i, j - 1]);
                    if (i > 0) p = Math.Min(p, D[i - 1, j]);
                    D[i, j] = p + c;
                }
            if (D[n - 1, n - 1] < best - 1e-9) { best = D[n - 1, n - 1]; bestStart = s; }
        }
        return (best, bestStart);
    }

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(2, 4, 1)]
    [InlineData(3, 13, 3)]
    [InlineData(4, 24, 50)]
    public void ReferenceMatchesTheDefinition(int seed, int dims, int band)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 15; trial++)
        {
            var track = RandomWalk(rng, rng.Next(12, 70), dims);
            var query = trial % 2 == 0 ? RandomWalk(rng, rng.Next(2, 10), dims) : NoisyCut(rng, track, 3, 8, 0.4);
            var (cost, start) = Naive(query, track, band);
            var m = BandedSubsequenceDtw.Reference(query, track, band);
            Assert.Equal(cost, m.Cost, 1e-3 * Math.Max(1, cost));
            Assert.Equal(start, m.StartFrame);
            Assert.Equal(start + query.Frames - 1, m.EndFrame);
        }
    }

    [Fact]
    public void ATrackShorterThanTheQueryHasNoPlacement()
    {
        var rng = new Random(5);
        Assert.False(BandedSubsequenceDtw.Reference(RandomWalk(rng, 20, 3), RandomWalk(rng, 19, 3), 2).Found);
    }

    [Fact]
    public void ScannerAloneFindsTheSameBestWindowAsTheReference()
    {
        var rng = new Random(9);
        var scanner = new BandedTrackScanner();
        for (int trial = 0; trial < 30; trial++)
        {
            int d = 1 + trial % 9, band = trial % 5;
            var track = RandomWalk(rng, rng.Next(40, 400), d);
            var query = trial % 3 == 0 ? RandomWalk(rng, rng.Next(2, 30), d) : NoisyCut(rng, track, rng.Next(0, 10), rng.Next(2, 30), 0.5);
            var expected = BandedSubsequenceDtw.Reference(query, track, band);
            var actual = scanner.Scan(new DtwQuery(query, band), track.Data, track.Frames, top: null);
            Assert.Equal(expected, actual);
        }
        Assert.True(scanner.Statistics.PrunedByKim + scanner.Statistics.PrunedByKeogh + scanner.Statistics.PrunedBySubsequence > 0, "the bounds never pruned");
    }
}
