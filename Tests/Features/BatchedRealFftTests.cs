using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Features;

public class BatchedRealFftTests
{
    [Fact]
    public void BatchedInverseFftEqualsTheScalarOne()
    {
        if (!BatchedRealFft.IsSupported) return; // scalar fallback is tested through Istft
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
        var batched = new BatchedRealFft(n);
        batched.InverseOverlapAdd(re, im, gain, 0, 8, window, hop, actual);
        batched.InverseOverlapAdd(re, im, gain, 8, 3, window, hop, actual);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"sample {i}: {actual[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(64, 8, 16)]
    [InlineData(128, 5, 32)]
    [InlineData(2048, 8, 512)]
    public void BatchedForwardEqualsTheScalarRealFft(int n, int count, int hop)
    {
        if (!BatchedRealFft.IsSupported) return;
        var rng = new Random(n + count);
        int frames = count + 3, bins = n / 2 + 1;
        var signal = new float[(frames - 1) * hop + n];
        for (int i = 0; i < signal.Length; i++) signal[i] = (float)rng.NextDouble() * 2 - 1;
        var window = Stft.HannWindow(n);
        var re = new float[frames * bins];
        var im = new float[frames * bins];
        new BatchedRealFft(n).ForwardFrames(signal, hop, window, 2, count, re, im);
        var scalar = new RealFft(n);
        var frame = new float[n];
        var er = new float[bins];
        var ei = new float[bins];
        for (int f = 0; f < frames; f++)
        {
            bool written = f >= 2 && f < 2 + count;
            for (int i = 0; i < n; i++) frame[i] = signal[f * hop + i] * window[i];
            scalar.Forward(frame, er, ei);
            for (int k = 0; k < bins; k++)
            {
                float wantRe = written ? er[k] : 0f, wantIm = written ? ei[k] : 0f;
                Assert.True(Math.Abs(re[f * bins + k] - wantRe) < 1e-4 && Math.Abs(im[f * bins + k] - wantIm) < 1e-4,
                    $"frame {f} bin {k}: ({re[f * bins + k]}, {im[f * bins + k]}) vs ({wantRe}, {wantIm})");
            }
        }
    }
}
