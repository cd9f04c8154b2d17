using TuneBot.Core.Features;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Core.Features;

public class FeatureExtractorTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ReferenceClip.Names), MemberType = typeof(ReferenceClip))]
    public void SummaryMatchesLibrosasJsonMeansAndStandardDeviations(string name)
    {
        var clip = ReferenceClip.Load(name);
        var a = FeatureExtractor.Analyze(clip.Samples, clip.SampleRate);
        Assert.Equal(clip.Summary.GetProperty("features").GetProperty("mfcc").GetProperty("shape")[1].GetInt32(), a.Frames);
        Assert.Equal(30.0, a.DurationSeconds, 9);
        var s = a.Summary;
        AssertClose(clip.SummaryMean("mfcc"), s.MfccMean, 0.01, "mfcc mean");
        AssertClose(clip.SummaryStd("mfcc"), s.MfccStd, 0.01, "mfcc std");
        AssertClose(clip.SummaryMean("chroma_stft"), s.ChromaMean, 1e-4, "chroma mean");
        AssertClose(clip.SummaryStd("chroma_stft"), s.ChromaStd, 1e-4, "chroma std");
        AssertClose(clip.SummaryMean("spectral_centroid"), [s.SpectralCentroidMean], 0.5, "centroid mean");
        AssertClose(clip.SummaryStd("spectral_centroid"), [s.SpectralCentroidStd], 0.5, "centroid std");
        AssertClose(clip.SummaryMean("spectral_rolloff"), [s.SpectralRolloffMean], 0.005 * s.SpectralRolloffMean, "rolloff mean");
        AssertClose(clip.SummaryStd("spectral_rolloff"), [s.SpectralRolloffStd], 0.005 * s.SpectralRolloffStd, "rolloff std");
        AssertClose(clip.SummaryMean("zero_crossing_rate"), [s.ZcrMean], 1e-9, "zcr mean");
        AssertClose(clip.SummaryStd("zero_crossing_rate"), [s.ZcrStd], 1e-9, "zcr std");
        AssertClose(clip.SummaryMean("rms"), [s.RmsMean], 1e-6, "rms mean");
        AssertClose(clip.SummaryStd("rms"), [s.RmsStd], 1e-6, "rms std");
        // dsp-rhythm's parts, wired through the shared dB mel spectrogram and STFT (issue 2's tolerances).
        Assert.InRange(a.TempoBpm, clip.Summary.GetProperty("tempo_bpm").GetDouble() - 0.5, clip.Summary.GetProperty("tempo_bpm").GetDouble() + 0.5);
        Assert.Equal(a.TempoBpm, s.TempoBpm);
        AssertClose(clip.SummaryMean("rms_harmonic"), [s.RmsHarmonicMean], 0.02 * clip.SummaryMean("rms_harmonic")[0], "rms_harmonic mean");
        AssertClose(clip.SummaryMean("rms_percussive"), [s.RmsPercussiveMean], 0.02 * clip.SummaryMean("rms_percussive")[0], "rms_percussive mean");
        output.WriteLine($"{name}: tuning {a.TuningSemitones}, tempo {a.TempoBpm}, rms_h {s.RmsHarmonicMean}, rms_p {s.RmsPercussiveMean}");
    }

    [Fact]
    public void SharedStftGivesTheSameMatricesAsTheStandaloneFeatures()
    {
        var clip = ReferenceClip.Load(ReferenceClip.Clip95);
        var samples = clip.Samples.AsSpan(0, 22050 * 5).ToArray();
        var a = FeatureExtractor.Analyze(samples);
        var spec = Stft.Compute(samples, 22050);
        Assert.Equal(Mfcc.Compute(spec).Data, a.Mfcc.Data);
        Assert.Equal(Chroma.Compute(spec).Data, a.Chroma.Data);
        Assert.Equal(SpectralCentroid.Compute(spec).Data, a.SpectralCentroid.Data);
        Assert.Equal(SpectralRolloff.Compute(spec).Data, a.SpectralRolloff.Data);
        Assert.Equal(Rms.Compute(samples).Data, a.Rms.Data);
        Assert.Equal(ZeroCrossingRate.Compute(samples).Data, a.ZeroCrossingRate.Data);
        foreach (var m in new[] { a.Mfcc, a.Chroma, a.SpectralCentroid, a.SpectralRolloff, a.ZeroCrossingRate, a.Rms, a.RmsHarmonic, a.RmsPercussive })
            Assert.Equal(a.Frames, m.Frames);
        Assert.Equal(20, a.Mfcc.Rows);
        Assert.Equal(12, a.Chroma.Rows);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(300)]
    [InlineData(2048)]
    public void TinyOrSilentInputGivesFiniteFeatures(int length)
    {
        var a = FeatureExtractor.Analyze(new float[length]);
        Assert.Equal(1 + length / 512, a.Frames);
        foreach (var m in new[] { a.Mfcc, a.Chroma, a.SpectralCentroid, a.SpectralRolloff, a.ZeroCrossingRate, a.Rms, a.RmsHarmonic, a.RmsPercussive })
            Assert.All(m.Data, v => Assert.True(float.IsFinite(v)));
        Assert.All(a.Summary.ToVector(), v => Assert.True(double.IsFinite(v)));
        Assert.Equal(0.0, a.TuningSemitones);
        Assert.All(a.Chroma.Data, v => Assert.Equal(0f, v)); // librosa leaves all-zero frames unnormalised
    }

    [Fact]
    public void SummaryVectorRoundTripsAndEveryElementHasAName()
    {
        var clip = ReferenceClip.Load(ReferenceClip.Clip120);
        var s = FeatureExtractor.Analyze(clip.Samples.AsSpan(0, 22050 * 3)).Summary;
        var v = s.ToVector();
        Assert.Equal(FeatureSummary.Length, v.Length);
        Assert.Equal(FeatureSummary.Length, FeatureSummary.Names.Count);
        Assert.Equal(FeatureSummary.Names.Count, FeatureSummary.Names.Distinct().Count());
        Assert.Equal(v, FeatureSummary.FromVector(v).ToVector());
        Assert.Equal(s.MfccMean[0], v[FeatureSummary.Names.ToList().IndexOf("mfcc_mean_0")]);
        Assert.Equal(s.ChromaStd[11], v[FeatureSummary.Names.ToList().IndexOf("chroma_std_11")]);
        Assert.Equal(s.ZcrMean, v[FeatureSummary.Names.ToList().IndexOf("zcr_mean")]);
        Assert.Throws<ArgumentException>(() => FeatureSummary.FromVector(new double[FeatureSummary.Length - 1]));
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}[{i}]: {actual[i]} vs librosa {expected[i]} (tolerance {tolerance})");
    }
}
