using TuneBot.Core.Features;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Core.Features;

public class OnsetStrengthTests(ITestOutputHelper output)
{
    internal static string RhythmFixture(string clip, string file) =>
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "librosa-rhythm", clip, file);

    internal static float[] Envelope(ReferenceClip clip)
    {
        var spec = Stft.Compute(clip.Samples, clip.SampleRate);
        var mel = MelFilterbank.Default.Apply(spec);
        return OnsetStrength.Compute(Decibels.PowerToDb(mel));
    }

    [Theory]
    [MemberData(nameof(ReferenceClip.Names), MemberType = typeof(ReferenceClip))]
    public void EnvelopeMatchesLibrosaFrameByFrame(string name)
    {
        var clip = ReferenceClip.Load(name);
        var expected = ReferenceClip.ReadCsvMatrix(RhythmFixture(name, "onset_strength.csv"));
        var actual = Envelope(clip);
        Assert.Equal(expected.Frames, actual.Length);
        var cmp = MatrixComparison.Absolute(new FeatureMatrix(1, actual.Length, actual), expected, 0.01);
        output.WriteLine($"{name}: {cmp}");
        Assert.True(cmp.FractionWithin >= 0.999, cmp.ToString());
        Assert.True(cmp.MaxAbsError < 0.1, cmp.ToString());
    }

    [Fact]
    public void FluxIsShiftedByLagPlusHalfAWindowAndDropsDecreases()
    {
        // Two bands, 8 frames; band 0 steps up by 10 dB at frame 2, band 1 steps down at frame 4.
        var db = new FeatureMatrix(2, 8);
        for (int t = 0; t < 8; t++)
        {
            db[0, t] = t >= 2 ? -10 : -20;
            db[1, t] = t >= 4 ? -30 : -20;
        }
        var env = OnsetStrength.Compute(db);
        // raw flux j compares frames j+1 and j; it lands at frame j + 3 (lag 1 + 2048 / (2·512)).
        float[] expected = [0, 0, 0, 0, 5, 0, 0, 0];
        Assert.Equal(expected, env);
    }

    [Fact]
    public void ShorterThanTheShiftGivesZeros()
    {
        var env = OnsetStrength.Compute(new FeatureMatrix(128, 2));
        Assert.Equal(new float[2], env);
    }
}
