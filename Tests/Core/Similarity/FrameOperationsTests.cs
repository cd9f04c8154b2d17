using TuneBot.Core.Features;
using TuneBot.Core.Similarity;
using Xunit;
using static TuneBot.Tests.Core.Similarity.SimilarityTestData;

namespace TuneBot.Tests.Core.Similarity;

public class SimilarityFrameOperationsTests
{
    [Theory]
    [InlineData(1)] [InlineData(3)] [InlineData(8)] [InlineData(13)] [InlineData(24)] [InlineData(33)]
    public void SimdDistancesMatchScalarDefinitions(int d)
    {
        var rng = new Random(d);
        for (int trial = 0; trial < 50; trial++)
        {
            var a = Enumerable.Range(0, d).Select(_ => (float)Gaussian(rng)).ToArray();
            var b = Enumerable.Range(0, d).Select(_ => (float)Gaussian(rng)).ToArray();
            var lo = a.Zip(b, Math.Min).ToArray();
            var hi = a.Zip(b, Math.Max).ToArray();
            var x = Enumerable.Range(0, d).Select(_ => (float)(Gaussian(rng) * 2)).ToArray();
            double e = 0, box = 0;
            for (int k = 0; k < d; k++)
            {
                e += (a[k] - b[k]) * (double)(a[k] - b[k]);
                double ex = x[k] > hi[k] ? x[k] - hi[k] : x[k] < lo[k] ? lo[k] - x[k] : 0;
                box += ex * ex;
            }
            Assert.Equal(Math.Sqrt(e), FrameDistance.Euclidean(a, b), 1e-4 * Math.Max(1, e));
            float boxF = FrameDistance.SquaredToBox(x, lo, hi);
            Assert.Equal(box, boxF, 1e-3 * Math.Max(1, box));
            // A lower bound even after rounding: the box contains a and b.
            Assert.True(boxF <= FrameDistance.SquaredEuclidean(x, a) && boxF <= FrameDistance.SquaredEuclidean(x, b));
        }
    }

    [Fact]
    public void PerSequenceNormalisationGivesZeroMeanUnitVariance()
    {
        var s = SequenceNormalization.PerSequence(RandomWalk(new Random(1), 500, 5));
        for (int k = 0; k < 5; k++)
        {
            var col = Enumerable.Range(0, 500).Select(t => (double)s.Data[t * 5 + k]).ToArray();
            double mean = col.Average();
            Assert.Equal(0, mean, 4);
            Assert.Equal(1, Math.Sqrt(col.Select(v => (v - mean) * (v - mean)).Average()), 4);
        }
        var centred = SequenceNormalization.PerSequence(new FrameSequence([1, 10, 3, 10, 5, 10], 3, 2), scaleVariance: false);
        Assert.Equal([-2f, 0, 0, 0, 2, 0], centred.Data);   // constant dimension → 0, not NaN
    }

    [Fact]
    public void FeatureMatricesBecomeFrameMajorStackedAndPooled()
    {
        var mfcc = new FeatureMatrix(3, 4, [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
        var chroma = new FeatureMatrix(2, 4, [1, 1, 1, 1, 5, 6, 7, 8]);
        var f = FrameSequence.FromFeatureMatrix(mfcc, firstRow: 1);
        Assert.Equal((4, 2), (f.Frames, f.Dims));
        Assert.Equal([10f, 20, 11, 21, 12, 22, 13, 23], f.Data);
        var s = FrameSequence.Stack([mfcc, chroma], [1f, 2f], [1, 0], [2, 2]);
        Assert.Equal([10f, 20, 2, 10], s.Frame(0).ToArray());
        var pooled = s.AverageFrames(3);
        Assert.Equal(2, pooled.Frames);
        Assert.Equal([11f, 21, 2, 12], pooled.Frame(0).ToArray());
        Assert.Equal([13f, 23, 2, 16], pooled.Frame(1).ToArray());
    }
}
