using TuneBot.Core.Similarity;
using Xunit;
using static TuneBot.Tests.Core.Similarity.SimilarityTestData;

namespace TuneBot.Tests.Core.Similarity;

public class SubsequenceDtwTests
{
    // Independent transcription of librosa.sequence.dtw(subseq=True): full padded cost matrix, accumulation with
    // per-cell step choice (strict '<' in step order (1,1),(0,1),(1,0)), argmin of the last row, backtracking.
    private static (double Cost, int Start, int End) LibrosaStyle(FrameSequence x, FrameSequence y)
    {
        int n = x.Frames, m = y.Frames;
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                double s = 0;
                for (int k = 0; k < x.Dims; k++) { double d = x.Frame(i)[k] - y.Frame(j)[k]; s += d * d; }
                c[i, j] = Math.Sqrt(s);
            }
        var steps = new[] { (1, 1), (0, 1), (1, 0) };
        var D = new double[n + 1, m + 1];
        var step = new int[n + 1, m + 1];
        for (int i = 0; i <= n; i++) for (int j = 0; j <= m; j++) D[i, j] = double.PositiveInfinity;
        for (int j = 0; j < m; j++) D[1, j + 1] = c[0, j];
        for (int i = 1; i <= n; i++)
            for (int j = 1; j <= m; j++)
                for (int s = 0; s < 3; s++)
                {
                    var (dn, dm) = steps[s];
                    double cand = D[i - dn, j - dm] + c[i - 1, j - 1];
                    if (cand < D[i, j]) { D[i, j] = cand; step[i, j] = s; }
                }
        int end = 0;
        for (int j = 1; j < m; j++) if (D[n, j + 1] < D[n, end + 1]) end = j;
        int ci = n, cj = end + 1;
        while (ci > 1)
        {
            var (dn, dm) = steps[step[ci, cj]];
            ci -= dn; cj -= dm;
        }
        return (D[n, end + 1], cj - 1, end);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(3, 12)]
    [InlineData(4, 24)]
    public void MatchesLibrosasSubsequenceDtwOnRandomWalks(int seed, int dims)
    {
        var rng = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            var track = RandomWalk(rng, rng.Next(5, 60), dims);
            var query = trial % 2 == 0 ? RandomWalk(rng, rng.Next(1, 15), dims)
                : NoisyCut(rng, track, 0, Math.Min(track.Frames, rng.Next(2, 15)), 0.3);
            var expected = LibrosaStyle(query, track);
            var actual = SubsequenceDtw.Compute(query, track);
            Assert.Equal(expected.Cost, actual.Cost, 1e-3 * Math.Max(1, expected.Cost));
            Assert.Equal(expected.Start, actual.StartFrame);
            Assert.Equal(expected.End, actual.EndFrame);
        }
    }

    [Fact]
    public void AnExactCutMatchesWithZeroCostWhereItWasCut()
    {
        var rng = new Random(7);
        var track = RandomWalk(rng, 300, 8);
        var query = track.Slice(120, 40);
        var match = SubsequenceDtw.Compute(query, track);
        Assert.Equal(0, match.Cost, 6);
        Assert.Equal(120, match.StartFrame);
        Assert.Equal(159, match.EndFrame);
        Assert.Equal(0, match.CostPerQueryFrame, 6);
    }

    [Fact]
    public void AbandoningAboveTheTrueCostKeepsTheAnswerAndBelowItGivesNone()
    {
        var rng = new Random(11);
        var track = RandomWalk(rng, 200, 6);
        var query = NoisyCut(rng, track, 50, 30, 0.5);
        var full = SubsequenceDtw.Compute(query, track);
        var ws = new SubsequenceDtw.Workspace();
        var same = SubsequenceDtw.Compute(query.Data, query.Frames, track.Data, track.Frames, 6, ws, full.Cost);
        Assert.Equal(full, same);
        var none = SubsequenceDtw.Compute(query.Data, query.Frames, track.Data, track.Frames, 6, ws, full.Cost * 0.999);
        Assert.False(none.Found);
    }
}
