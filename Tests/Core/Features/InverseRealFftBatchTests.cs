using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Core.Features;

public class InverseRealFftBatchTests
{
    [Fact]
    public void BatchedInverseFftEqualsTheScalarOne()
    {
        if (!InverseRealFftBatch.IsSupported) return; // scalar fallback is tested through Istft
        var rng = new Random(11);
        int n = 64, bins = n / 2 + 1, frames = 11, hop = 16;
        var re = new float[frames * bins];
        var im = new float[frames * bins];
        var gain = new float[frames * bins];
        for (int i = 0; i < re.Length; i++) { re[i] = (float)rng.NextDouble() - 0.5f; im[i] = (float)rng.NextDouble() - 0.5f; gain[i] = (float)rng.NextDouble(); }
        var window = Stft.HannWindow(n);
        var expected = new float[(frames - 1) * hop + n];
        var scalar = new InverseRealFft(n);
        var frame = new float[n];
        for (int t = 0; t < frames; t++)
        {
            scalar.Inverse(re.AsSpan(t * bins, bins), im.AsSpan(t * bins, bins), frame, gain.AsSpan(t * bins, bins));
            for (int i = 0; i < n; i++) expected[t * hop + i] += window[i] * frame[i];
        }
        var actual = new float[expected.Length];
        var batched = new InverseRealFftBatch(n);
        batched.InverseOverlapAdd(re, im, gain, 0, 8, window, hop, actual);
        batched.InverseOverlapAdd(re, im, gain, 8, 3, window, hop, actual);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"sample {i}: {actual[i]} vs {expected[i]}");
    }
}
