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

    [Theory]
    [InlineData(16, 5000, 3)]
    [InlineData(2048, 30000, 512)]
    [InlineData(1024, 777, 256)]
    public void BatchedStftMatchesOneFrameAtATimeRealFft(int nFft, int length, int hop)
    {
        var rng = new Random(nFft + length);
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var spec = Stft.Compute(x, 22050, nFft, hop);
        Assert.Equal(1 + length / hop, spec.Frames);
        var window = Stft.HannWindow(nFft);
        var fft = new RealFft(nFft);
        var frame = new float[nFft];
        var re = new float[nFft / 2 + 1];
        var im = new float[nFft / 2 + 1];
        for (int t = 0; t < spec.Frames; t++)
        {
            for (int i = 0; i < nFft; i++)
            {
                int s = t * hop - nFft / 2 + i;
                frame[i] = s >= 0 && s < length ? x[s] * window[i] : 0f;
            }
            fft.Forward(frame, re, im);
            for (int k = 0; k < re.Length; k++)
            {
                int o = t * spec.Bins + k;
                Assert.True(Math.Abs(re[k] - spec.Real[o]) < 1e-4 * Math.Sqrt(nFft), $"re[{t},{k}]");
                Assert.True(Math.Abs(im[k] - spec.Imag[o]) < 1e-4 * Math.Sqrt(nFft), $"im[{t},{k}]");
                float p = re[k] * re[k] + im[k] * im[k];
                Assert.True(Math.Abs(p - spec.Power[o]) <= 1e-3 * Math.Max(1, p), $"power[{t},{k}]");
                Assert.True(Math.Abs(MathF.Sqrt(p) - spec.Magnitude[o]) <= 1e-3 * Math.Max(1, MathF.Sqrt(p)), $"magnitude[{t},{k}]");
            }
        }
    }
}
