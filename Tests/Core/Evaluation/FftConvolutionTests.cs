using TuneBot.Core.Evaluation;
using Xunit;

namespace TuneBot.Tests.Core.Evaluation;

public class FftConvolutionTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(1000, 37)]
    [InlineData(4096, 4096)]
    [InlineData(50, 300)]       // a kernel longer than the signal
    [InlineData(22050, 2205)]
    public void Matches_direct_convolution_trimmed_to_the_signal(int length, int kernelLength)
    {
        var rng = new Random(length * 31 + kernelLength);
        var x = Enumerable.Range(0, length).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        var h = Enumerable.Range(0, kernelLength).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();

        var y = FftConvolution.Convolve(x, h);

        Assert.Equal(length, y.Length);
        double worst = 0, scale = 0;
        for (int n = 0; n < length; n++)
        {
            double direct = 0;
            for (int k = 0; k <= Math.Min(n, kernelLength - 1); k++) direct += (double)x[n - k] * h[k];
            worst = Math.Max(worst, Math.Abs(direct - y[n]));
            scale = Math.Max(scale, Math.Abs(direct));
        }
        Assert.True(worst <= 1e-5 * Math.Max(1, scale), $"max error {worst:G3} against a peak of {scale:G3}");
    }

    [Fact]
    public void A_unit_impulse_returns_the_signal()
    {
        var x = new[] { 0.5f, -1f, 0.25f, 2f, 0f, 3f };
        var y = FftConvolution.Convolve(x, [1f]);
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i], y[i], 1e-6f);
    }

    [Fact]
    public void A_delayed_impulse_shifts_the_signal_and_drops_the_tail()
    {
        var x = new[] { 1f, 2f, 3f, 4f };
        var y = FftConvolution.Convolve(x, [0f, 0f, 1f]);
        Assert.Equal(new[] { 0f, 0f, 1f, 2f }, y.Select(v => MathF.Round(v, 5)).ToArray());
    }
}
