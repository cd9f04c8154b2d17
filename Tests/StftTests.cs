using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests;

public class StftTests
{
    [Theory]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(2048)]
    public void RealFftMatchesTheDefinitionOfTheDft(int n)
    {
        var rng = new Random(n);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var re = new float[n / 2 + 1];
        var im = new float[n / 2 + 1];
        new RealFft(n).Forward(x, re, im);
        for (int k = 0; k <= n / 2; k++)
        {
            double sr = 0, si = 0;
            for (int t = 0; t < n; t++)
            {
                double a = -2 * Math.PI * k * t / n;
                sr += x[t] * Math.Cos(a);
                si += x[t] * Math.Sin(a);
            }
            Assert.True(Math.Abs(sr - re[k]) < 1e-3 * Math.Sqrt(n), $"re[{k}] {re[k]} vs {sr}");
            Assert.True(Math.Abs(si - im[k]) < 1e-3 * Math.Sqrt(n), $"im[{k}] {im[k]} vs {si}");
        }
    }

    [Fact]
    public void ThirtySecondsAt22050GivesLibrosasFrameCount()
    {
        var spec = Stft.Compute(new float[661500], 22050);
        Assert.Equal(1292, spec.Frames);
        Assert.Equal(1025, spec.Bins);
    }
}
