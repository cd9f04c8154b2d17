using TuneBot.Core.Features;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Core.Features;

public class HpssTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ReferenceClip.Names), MemberType = typeof(ReferenceClip))]
    public void HarmonicAndPercussiveRmsMatchLibrosa(string name)
    {
        var clip = ReferenceClip.Load(name);
        var spec = Stft.Compute(clip.Samples, clip.SampleRate);
        var result = Hpss.Compute(spec, clip.Samples);
        foreach (var (feature, actual) in new[] { ("rms_harmonic", result.HarmonicRms), ("rms_percussive", result.PercussiveRms) })
        {
            var expected = clip.Matrix(feature);
            double expectedMean = clip.SummaryMean(feature)[0];
            double actualMean = actual.RowMeans()[0];
            var cmp = MatrixComparison.Relative(actual, expected, 0.01, floor: 1e-7);
            double worst = 0;
            for (int t = 0; t < expected.Frames; t++)
                worst = Math.Max(worst, Math.Abs(actual[0, t] - expected[0, t]) / Math.Max(expected[0, t], 1e-6));
            output.WriteLine($"{name} {feature}: mean {actualMean:G6} vs {expectedMean:G6} ({(actualMean / expectedMean - 1):E2}); " +
                $"per frame: {cmp.FractionWithin:P2} within 1%, worst relative error {worst:E2}");
            Assert.True(Math.Abs(actualMean / expectedMean - 1) < 0.02, $"{feature} mean {actualMean} vs librosa {expectedMean}");
            Assert.True(cmp.FractionWithin >= 0.99, cmp.ToString());
        }
    }

    [Fact]
    public void SpectrogramOnlyOverloadAgreesWithTheSampleShortcut()
    {
        var clip = ReferenceClip.Load(ReferenceClip.Clip95);
        var samples = clip.Samples.AsSpan(0, 400 * 512).ToArray(); // length a whole number of hops
        var spec = Stft.Compute(samples, clip.SampleRate);
        var fast = Hpss.Compute(spec, samples);
        var full = Hpss.Compute(spec);
        foreach (var (a, b) in new[] { (fast.HarmonicRms, full.HarmonicRms), (fast.PercussiveRms, full.PercussiveRms) })
        {
            // Same input length (a whole number of hops) → the two routes differ only by float rounding,
            // except the last frame, which the spectrogram-only route cannot see past.
            for (int t = 0; t < a.Frames - 1; t++)
                Assert.True(Math.Abs(a[0, t] - b[0, t]) <= 1e-4 * Math.Max(1e-3, b[0, t]), $"frame {t}: {a[0, t]} vs {b[0, t]}");
        }
    }

    [Fact]
    public void SoftMaskFollowsLibrosaIncludingTinyCells()
    {
        float[] h = [3, 0, 1e-39f, 2, 0, 5, 1, 1, 7];
        float[] p = [4, 0, 0, 0, 2, 5, 3, 0, 1e-30f];
        var m = new float[h.Length];
        Hpss.SoftMask(h, p, m);
        Assert.Equal(9f / 25f, m[0], 6);
        Assert.Equal(0.5f, m[1]);   // both zero: split
        Assert.Equal(0.5f, m[2]);   // both below the smallest normal float: split
        Assert.Equal(1f, m[3]);
        Assert.Equal(0f, m[4]);
        Assert.Equal(0.5f, m[5], 6);
        Assert.Equal(0.1f, m[6], 6);
    }

    [Fact]
    public void SilenceGivesZeroRmsWithoutNaN()
    {
        var samples = new float[22050];
        var spec = Stft.Compute(samples, 22050);
        var r = Hpss.Compute(spec, samples);
        Assert.All(r.HarmonicRms.Data, v => Assert.Equal(0f, v));
        Assert.All(r.PercussiveRms.Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void InverseStftReconstructsTheSignal()
    {
        var rng = new Random(3);
        var x = new float[5000];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        var y = Istft.Compute(Stft.Compute(x, 22050), x.Length);
        for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(x[i] - y[i]) < 1e-5, $"sample {i}: {y[i]} vs {x[i]}");
    }

    [Fact]
    public void ScalarInverseFftMatchesTheDefinition()
    {
        var rng = new Random(12);
        int n = 32;
        var re = new float[n / 2 + 1];
        var im = new float[n / 2 + 1];
        for (int k = 0; k <= n / 2; k++) { re[k] = (float)rng.NextDouble() - 0.5f; im[k] = k == 0 || k == n / 2 ? 0 : (float)rng.NextDouble() - 0.5f; }
        var x = new float[n];
        new InverseRealFft(n).Inverse(re, im, x);
        for (int t = 0; t < n; t++)
        {
            // irfft: x[t] = (1/N) Σ_k over the full Hermitian spectrum.
            double acc = re[0] + re[n / 2] * Math.Cos(Math.PI * t);
            for (int k = 1; k < n / 2; k++) acc += 2 * (re[k] * Math.Cos(2 * Math.PI * k * t / n) - im[k] * Math.Sin(2 * Math.PI * k * t / n));
            Assert.True(Math.Abs(acc / n - x[t]) < 1e-6, $"x[{t}] = {x[t]}, expected {acc / n}");
        }
    }
}
