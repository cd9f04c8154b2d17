using TuneBot.Core.Features;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Core.Features;

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

    [Theory]
    [InlineData(37, 24)]
    [InlineData(5, 344)]
    [InlineData(130, 17)]
    public void MeanTempogramEqualsTheDirectDefinition(int frames, int winLength)
    {
        var rng = new Random(frames * winLength);
        var env = new float[frames];
        for (int i = 0; i < frames; i++) env[i] = rng.Next(4) == 0 ? 0f : (float)rng.NextDouble();
        int half = winLength / 2;
        // librosa: linear_ramp padding to 0 on both sides, Hann-windowed frames, autocorrelation / its max, mean.
        var padded = new double[frames + 2 * half];
        for (int i = 0; i < half; i++)
        {
            padded[i] = (float)(env[0] * (double)i / half);
            padded[frames + 2 * half - 1 - i] = (float)(env[frames - 1] * (double)i / half);
        }
        for (int i = 0; i < frames; i++) padded[half + i] = env[i];
        var expected = new double[winLength];
        for (int t = 0; t < frames; t++)
        {
            var x = new double[winLength];
            for (int i = 0; i < winLength; i++) x[i] = padded[t + i] * (0.5 - 0.5 * Math.Cos(2 * Math.PI * i / winLength));
            var ac = new double[winLength];
            for (int k = 0; k < winLength; k++)
                for (int i = 0; i + k < winLength; i++) ac[k] += x[i] * x[i + k];
            double norm = ac.Max(Math.Abs);
            for (int k = 0; k < winLength; k++) expected[k] += (norm < 2.2250738585072014E-308 ? ac[k] : ac[k] / norm) / frames;
        }
        var actual = Tempo.MeanTempogram(env, winLength);
        for (int k = 0; k < winLength; k++) Assert.True(Math.Abs(actual[k] - expected[k]) < 1e-12, $"lag {k}: {actual[k]} vs {expected[k]}");
    }
}
