using TuneBot.Core.Features;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Features;

public class TempoTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(ReferenceClip.Names), MemberType = typeof(ReferenceClip))]
    public void TempoEqualsLibrosaWithinHalfABpm(string name)
    {
        var clip = ReferenceClip.Load(name);
        double expected = clip.Values("tempo")[0];
        double actual = Tempo.Estimate(OnsetStrengthTests.Envelope(clip), clip.SampleRate);
        output.WriteLine($"{name}: {actual:F4} BPM, librosa {expected:F4}");
        Assert.True(Math.Abs(actual - expected) <= 0.5, $"{actual} vs {expected}");
    }

    [Theory]
    [MemberData(nameof(ReferenceClip.Names), MemberType = typeof(ReferenceClip))]
    public void MeanTempogramMatchesLibrosaFromItsOwnEnvelope(string name)
    {
        var envelope = ReferenceClip.ReadCsvMatrix(OnsetStrengthTests.RhythmFixture(name, "onset_strength.csv")).Data;
        var expected = ReferenceClip.ReadCsvRows(OnsetStrengthTests.RhythmFixture(name, "tempogram_mean.csv"))[0];
        var actual = Tempo.MeanTempogram(envelope, 344);
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        for (int k = 0; k < actual.Length; k++) max = Math.Max(max, Math.Abs(actual[k] - expected[k]));
        output.WriteLine($"{name}: max |Δ| over lags {max:G3}");
        Assert.True(max < 1e-6, $"max difference {max}");
    }

    [Fact]
    public void ClickTrackAtAnExactLagReadsThatLag()
    {
        // An impulse every 27 frames (95.7 BPM at 22050 / 512) for 60 s.
        var env = new float[2584];
        for (int t = 5; t < env.Length; t += 27) env[t] = 1f;
        Assert.Equal(Tempo.Bpm(27), Tempo.Estimate(env), 9);
    }

    [Fact]
    public void WindowLengthFollowsLibrosasTimeToFrames()
    {
        // ac_size 8 s at 22050 Hz, hop 512: ⌊176400 / 512⌋ = 344 lags.
        Assert.Equal(344, Tempo.MeanTempogram(new float[10], (int)(8.0 * 22050) / 512).Length);
    }

    [Fact]
    public void SilenceDoesNotCrashAndReturnsAFiniteTempo()
    {
        double bpm = Tempo.Estimate(new float[500]);
        Assert.True(double.IsFinite(bpm) && bpm > 0 && bpm < Tempo.MaxTempo);
    }
}
