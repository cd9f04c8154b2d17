using TuneBot.Core.Features;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Core.Features;

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

    [Theory]
    [InlineData(2048, 512, 30001)]
    [InlineData(2048, 300, 30001)]
    [InlineData(1024, 256, 700)]
    [InlineData(2048, 512, 100)]
    public void ZeroCrossingRateAndRmsMatchTheirDefinitionsFrameByFrame(int frameLength, int hop, int length)
    {
        var rng = new Random(length + hop);
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = rng.Next(10) == 0 ? (rng.Next(2) == 0 ? 0f : -1e-12f) : (float)(rng.NextDouble() - 0.5);
        var zcr = ZeroCrossingRate.Compute(x, frameLength, hop);
        var rms = Rms.Compute(x, frameLength, hop);
        Assert.Equal(1 + length / hop, zcr.Frames);
        Assert.Equal(1 + length / hop, rms.Frames);
        for (int t = 0; t < zcr.Frames; t++)
        {
            int crossings = 0;
            double energy = 0;
            for (int i = 0; i < frameLength; i++)
            {
                int s = t * hop - frameLength / 2 + i;
                float edge = x[Math.Clamp(s, 0, length - 1)];        // zero_crossing_rate pads with edge values
                float zero = s >= 0 && s < length ? x[s] : 0f;         // rms pads with zeros
                energy += (double)zero * zero;
                if (i > 0)
                {
                    float prev = x[Math.Clamp(s - 1, 0, length - 1)];
                    bool negPrev = prev < 0 && Math.Abs(prev) > 1e-10, neg = edge < 0 && Math.Abs(edge) > 1e-10;
                    if (negPrev != neg) crossings++;
                }
            }
            Assert.Equal(crossings / (float)frameLength, zcr[0, t]);
            Assert.Equal(Math.Sqrt(energy / frameLength), rms[0, t], 5);
        }
    }

    [Fact]
    public void ChromaWithTuningZeroPutsA440OnRowNineAndDiffersFromTheEstimatedTuning()
    {
        var samples = new float[22050 * 2];
        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 22050.0));
        var chroma = Chroma.Compute(Stft.Compute(samples, 22050), tuning: 0);
        for (int c = 0; c < 12; c++)
            if (c != 9) Assert.True(chroma[c, 40] < 0.5f, $"row {c} = {chroma[c, 40]}");
        Assert.Equal(1f, chroma[9, 40]); // rows start at C: C, C#, D, D#, E, F, F#, G, G#, A …

        // The 120 BPM clip is tuned −0.09 semitone: ignoring that moves cells past the 0.01 tolerance.
        var clip = ReferenceClip.Load(ReferenceClip.Clip120);
        var spec = Spec(clip);
        var untuned = MatrixComparison.Absolute(Chroma.Compute(spec, tuning: 0), clip.Matrix("chroma_stft"), 0.01);
        output.WriteLine($"tuning 0 vs librosa: {untuned}");
        Assert.True(untuned.FractionWithin < 0.99);
    }

    [Fact]
    public void BandLimitedMfccIgnoresEnergyOutsideItsBand()
    {
        const int sr = 22050;
        var voice = new float[sr * 2];
        var withRumble = new float[sr * 2];
        for (int i = 0; i < voice.Length; i++)
        {
            voice[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 1000 * i / sr) + 0.1 * Math.Sin(2 * Math.PI * 2200 * i / sr));
            withRumble[i] = voice[i] + (float)(0.3 * Math.Sin(2 * Math.PI * 80 * i / sr) + 0.05 * Math.Sin(2 * Math.PI * 8000 * i / sr));
        }
        var band = new MelFilterbank(sr, 2048, nMels: 40, fMin: 300, fMax: 3400);
        var a = Mfcc.Compute(Stft.Compute(voice, sr), band);
        var b = Mfcc.Compute(Stft.Compute(withRumble, sr), band);
        Assert.Equal(20, a.Rows);
        Assert.Equal(Stft.FrameCount(voice.Length), a.Frames);
        for (int k = 0; k < 20; k++)
            Assert.True(Math.Abs(a[k, 40] - b[k, 40]) < 1.0, $"coefficient {k}: {a[k, 40]} vs {b[k, 40]}");
        // The full-band MFCC does see the added energy.
        var fullA = Mfcc.Compute(Stft.Compute(voice, sr));
        var fullB = Mfcc.Compute(Stft.Compute(withRumble, sr));
        Assert.True(Math.Abs(fullA[0, 40] - fullB[0, 40]) > 5);
    }
}
