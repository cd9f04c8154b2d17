using TuneBot.Core.Features;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Features;

/// <summary>Our spectral features against librosa 0.11's matrices for the reference clips.</summary>
public class SpectralFeatureTests(ITestOutputHelper output)
{
    private static Spectrogram Spec(ReferenceClip clip) => Stft.Compute(clip.Samples, clip.SampleRate);

    [Theory]
    [MemberData(nameof(ReferenceClip.Names), MemberType = typeof(ReferenceClip))]
    public void ChromaMatchesLibrosaWithEstimatedTuning(string name)
    {
        var clip = ReferenceClip.Load(name);
        var spec = Spec(clip);
        double tuning = Tuning.Estimate(spec);
        var cmp = MatrixComparison.Absolute(Chroma.Compute(spec, tuning), clip.Matrix("chroma_stft"), 0.01);
        output.WriteLine($"{name}: tuning {tuning}; {cmp}");
        Assert.Equal(1.0, cmp.FractionWithin);
    }

    [Theory]
    [MemberData(nameof(ReferenceClip.Names), MemberType = typeof(ReferenceClip))]
    public void SpectralCentroidMatchesLibrosaWithinHalfAPercent(string name)
    {
        var clip = ReferenceClip.Load(name);
        // Frames with (numerically) no energy: librosa's centroid there is rounding noise, so compare absolutely (1 Hz).
        var cmp = MatrixComparison.Relative(SpectralCentroid.Compute(Spec(clip)), clip.Matrix("spectral_centroid"), 0.005, floor: 1.0);
        output.WriteLine($"{name}: {cmp}");
        Assert.Equal(1.0, cmp.FractionWithin);
    }

    [Theory]
    [MemberData(nameof(ReferenceClip.Names), MemberType = typeof(ReferenceClip))]
    public void SpectralRolloffMatchesLibrosaWithinHalfAPercentOrOneBinOnTies(string name)
    {
        var clip = ReferenceClip.Load(name);
        var actual = SpectralRolloff.Compute(Spec(clip));
        var expected = clip.Matrix("spectral_rolloff");
        Assert.Equal(expected.Frames, actual.Frames);
        double binHz = 22050.0 / 2048;
        int exact = 0, oneBin = 0;
        for (int t = 0; t < expected.Frames; t++)
        {
            double e = expected[0, t], a = actual[0, t];
            if (Math.Abs(a - e) <= 0.005 * Math.Abs(e) || Math.Abs(a - e) < 1e-6) { exact++; continue; }
            Assert.True(Math.Abs(a - e) <= binHz * 1.0001, $"frame {t}: {a} Hz vs librosa {e} Hz");
            oneBin++;
        }
        output.WriteLine($"{name}: {exact}/{expected.Frames} within 0.5 %, {oneBin} one bin apart (ties)");
        Assert.True(oneBin <= expected.Frames / 100, $"{oneBin} frames one bin apart");
    }

    [Theory]
    [MemberData(nameof(ReferenceClip.Names), MemberType = typeof(ReferenceClip))]
    public void ZeroCrossingRateIsExactOnAtLeast999PerMille(string name)
    {
        var clip = ReferenceClip.Load(name);
        var cmp = MatrixComparison.Absolute(ZeroCrossingRate.Compute(clip.Samples), clip.Matrix("zero_crossing_rate"), 1e-9);
        output.WriteLine($"{name}: {cmp}");
        Assert.True(cmp.FractionWithin >= 0.999, cmp.ToString());
    }

    [Theory]
    [MemberData(nameof(ReferenceClip.Names), MemberType = typeof(ReferenceClip))]
    public void RmsMatchesLibrosa(string name)
    {
        var clip = ReferenceClip.Load(name);
        var cmp = MatrixComparison.Relative(Rms.Compute(clip.Samples), clip.Matrix("rms"), 1e-4, floor: 1e-7);
        output.WriteLine($"{name}: {cmp}");
        Assert.Equal(1.0, cmp.FractionWithin);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.25)]
    [InlineData(-0.3)]
    public void TuningOfADetunedHarmonicToneIsFoundToTheHundredthOfASemitone(double cents100)
    {
        const int sr = 22050;
        var samples = new float[sr * 3];
        // High enough that one FFT bin (10.8 Hz) is a small fraction of a semitone, so the parabolic peak
        // interpolation's bias (a fraction of a bin) stays well under the tolerance.
        double f0 = 1760.0 * Math.Pow(2, cents100 / 12);
        for (int i = 0; i < samples.Length; i++)
            for (int h = 1; h <= 2; h++)
                samples[i] += (float)(0.2 / h * Math.Sin(2 * Math.PI * f0 * h * i / sr));
        double tuning = Tuning.Estimate(Stft.Compute(samples, sr));
        Assert.InRange(tuning, cents100 - 0.03, cents100 + 0.03);
    }

    [Fact]
    public void PitchTuningTakesTheLeftEdgeOfTheFullestHistogramBin()
    {
        // 440 Hz sits exactly on the grid; two of three votes at +0.105 semitone land in bin [0.10, 0.11).
        float up = (float)(440 * Math.Pow(2, 0.105 / 12));
        Assert.Equal(0.10, Tuning.FromFrequencies([440f, up, up]), 9);
        Assert.Equal(0.0, Tuning.FromFrequencies([440f, 880f, up]), 9);
        Assert.Equal(0.0, Tuning.FromFrequencies([]), 9);
    }

    [Fact]
    public void ZeroCrossingRateCountsZeroAsPositiveAndPadsWithEdgeValues()
    {
        // Alternating −1, 0: every neighbour pair crosses (0 is positive). A constant negative signal never crosses,
        // which also shows the edge padding adds nothing (zero padding would add crossings at both ends).
        var alternating = new float[4096];
        for (int i = 0; i < alternating.Length; i++) alternating[i] = i % 2 == 0 ? -1f : 0f;
        var zcr = ZeroCrossingRate.Compute(alternating);
        Assert.Equal(1 + 4096 / 512, zcr.Frames);
        Assert.Equal(2047f / 2048f, zcr[0, 4]);
        Assert.Equal(1023f / 2048f, zcr[0, 0]); // the first 1024 padded samples repeat x[0]: crossings only within x[0..1023]
        var negative = Enumerable.Repeat(-0.5f, 4096).ToArray();
        Assert.All(ZeroCrossingRate.Compute(negative).Data, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void RmsOfASineIsItsAmplitudeOverRootTwo()
    {
        var samples = new float[22050];
        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 1000 * i / 22050.0));
        Assert.Equal(0.5 / Math.Sqrt(2), Rms.Compute(samples)[0, 20], 3);
        Assert.Equal(0.5 / Math.Sqrt(2) / Math.Sqrt(2), Rms.Compute(samples)[0, 0], 2); // half the first frame is zero padding
        // From the spectrum the frame is Hann-windowed: amplitude/√2 · √(mean w²) = 0.5/√2 · √(3/8).
        Assert.Equal(0.5 / Math.Sqrt(2) * Math.Sqrt(3.0 / 8), Rms.FromSpectrogram(Stft.Compute(samples, 22050))[0, 20], 3);
    }
}
