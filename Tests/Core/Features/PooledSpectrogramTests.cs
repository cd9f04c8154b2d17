using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Core.Features;

/// <summary>
/// The pooled STFT path (what Analyze and ingest use) must give exactly what the allocating path gives, even when the
/// pool hands back arrays longer than the clip that still hold an earlier, louder clip's spectrum.
/// </summary>
public class PooledSpectrogramTests
{
    private static void AssertSame(FeatureMatrix expected, FeatureMatrix actual, string name)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Frames, actual.Frames);
        Assert.True(expected.Data.AsSpan().SequenceEqual(actual.Data), $"{name} differs between pooled and allocating STFT.");
    }

    [Fact]
    public void PooledAnalysisEqualsTheAllocatingOneAfterALongerLouderClip()
    {
        var clip = ReferenceClip.Load(ReferenceClip.Clip120);
        // Leave stale, larger values in pooled arrays first: the same clip doubled in length and scaled up.
        var loud = new float[clip.Samples.Length * 2];
        for (int i = 0; i < loud.Length; i++) loud[i] = 4f * clip.Samples[i % clip.Samples.Length];
        using (var warm = Stft.ComputePooled(loud, clip.SampleRate)) FeatureExtractor.Analyze(loud, warm);

        var quiet = clip.Samples.AsSpan(0, clip.Samples.Length * 2 / 3).ToArray();
        var expected = FeatureExtractor.Analyze(quiet, Stft.Compute(quiet, clip.SampleRate));
        var pooledCall = FeatureExtractor.Analyze(quiet, clip.SampleRate); // pools internally
        FeatureMatrix expectedSearch = SearchFrames.Compute(Stft.Compute(quiet, clip.SampleRate));
        FeatureMatrix pooledSearch;
        using (var pooled = Stft.ComputePooled(quiet, clip.SampleRate))
        {
            Assert.Equal(expected.Frames, pooled.Cells / pooled.Bins);
            pooledSearch = SearchFrames.Compute(pooled);
        }

        foreach (var (name, a, b) in new[]
        {
            ("mfcc", expected.Mfcc, pooledCall.Mfcc), ("chroma", expected.Chroma, pooledCall.Chroma),
            ("centroid", expected.SpectralCentroid, pooledCall.SpectralCentroid), ("rolloff", expected.SpectralRolloff, pooledCall.SpectralRolloff),
            ("rms", expected.Rms, pooledCall.Rms), ("rms harmonic", expected.RmsHarmonic, pooledCall.RmsHarmonic),
            ("rms percussive", expected.RmsPercussive, pooledCall.RmsPercussive), ("search frames", expectedSearch, pooledSearch),
        })
            AssertSame(a, b, name);
        Assert.Equal(expected.TempoBpm, pooledCall.TempoBpm);
        Assert.Equal(expected.TuningSemitones, pooledCall.TuningSemitones);
    }

    [Fact]
    public void APooledSpectrogramMatchesTheAllocatingOneCellForCell()
    {
        var clip = ReferenceClip.Load(ReferenceClip.Clip120);
        var samples = clip.Samples.AsSpan(0, 22050 * 5).ToArray();
        var plain = Stft.Compute(samples, clip.SampleRate);
        var pooled = Stft.ComputePooled(samples, clip.SampleRate);
        int cells = plain.Cells;
        Assert.Equal(cells, pooled.Cells);
        Assert.True(plain.Real.AsSpan().SequenceEqual(pooled.Real.AsSpan(0, cells)));
        Assert.True(plain.Imag.AsSpan().SequenceEqual(pooled.Imag.AsSpan(0, cells)));
        Assert.True(plain.Power.AsSpan().SequenceEqual(pooled.Power.AsSpan(0, cells)));
        Assert.True(plain.Magnitude.AsSpan().SequenceEqual(pooled.Magnitude.AsSpan(0, cells)));
        plain.Dispose(); // an allocating spectrogram stays usable
        Assert.Equal(cells, plain.Power.Length);

        pooled.Dispose();
        pooled.Dispose(); // idempotent
    }
}
