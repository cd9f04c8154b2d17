using TuneBot.Core.Evaluation;
using Xunit;

namespace TuneBot.Tests.Core.Recommendation;

public class DegradationTests
{
    private const int Sr = 22050;

    private static float[] Tone(double hz, double seconds = 2, float amplitude = 0.5f) =>
        Enumerable.Range(0, (int)(seconds * Sr)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / Sr))).ToArray();

    private static double Rms(ReadOnlySpan<float> x)
    {
        double acc = 0;
        foreach (var v in x) acc += (double)v * v;
        return Math.Sqrt(acc / x.Length);
    }

    // Level after the filter's start-up transient (skip the first 0.5 s).
    private static double GainDb(float[] before, float[] after) => 20 * Math.Log10(Rms(after.AsSpan(Sr / 2)) / Rms(before.AsSpan(Sr / 2)));

    [Fact]
    public void Band_limit_attenuates_outside_the_phone_band_and_passes_inside()
    {
        foreach (var (hz, min, max) in new[] { (100.0, double.NegativeInfinity, -15.0), (1000.0, -1.0, 0.5), (6000.0, double.NegativeInfinity, -10.0) })
        {
            var x = Tone(hz);
            var y = (float[])x.Clone();
            PhoneDegradation.BandLimit(y, Sr, PhoneDegradation.PhoneLowHz, PhoneDegradation.PhoneHighHz);
            Assert.InRange(GainDb(x, y), min, max);
        }
    }

    [Fact]
    public void Noise_is_added_at_ten_db_snr()
    {
        var x = Tone(440, 4);
        var y = (float[])x.Clone();
        PhoneDegradation.AddPinkNoise(y, PhoneDegradation.NoiseSnrDb, new Random(11));
        var noise = y.Zip(x, (a, b) => a - b).ToArray();
        double snr = 20 * Math.Log10(Rms(x) / Rms(noise));
        Assert.InRange(snr, 9.9, 10.1);
        // Pink, not white: white noise's first difference has twice its power; 1/f noise is dominated by low
        // frequencies, so its difference has less power than the noise itself.
        var diff = noise.Skip(1).Zip(noise, (a, b) => a - b).ToArray();
        Assert.True(Rms(diff) < Rms(noise), $"diff {Rms(diff)} vs noise {Rms(noise)}");
    }

    [Fact]
    public void Degradations_are_reproducible_from_the_seed_and_change_the_signal()
    {
        var x = Tone(330, 3);
        var what = Degradation.Room | Degradation.Noise | Degradation.Phone;
        var a = PhoneDegradation.Apply(x, Sr, what, new Random(5));
        var b = PhoneDegradation.Apply(x, Sr, what, new Random(5));
        var c = PhoneDegradation.Apply(x, Sr, what, new Random(6));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(x.Length, a.Length);
        Assert.True(a.Zip(x, (p, q) => Math.Abs(p - q)).Max() > 0.01);
        Assert.Equal(x, PhoneDegradation.Apply(x, Sr, Degradation.None, new Random(5)));
    }

    [Fact]
    public void Room_adds_a_decaying_tail_after_the_sound_stops()
    {
        var x = new float[Sr];
        for (int i = 0; i < Sr / 4; i++) x[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 500 * i / Sr));
        var y = PhoneDegradation.AddRoom(x, Sr, new Random(2));
        double justAfter = Rms(y.AsSpan(Sr / 4, Sr / 20)), later = Rms(y.AsSpan(Sr / 4 + Sr / 5, Sr / 20));
        Assert.True(justAfter > 1e-3, $"tail {justAfter}");
        Assert.True(later < justAfter, "the tail decays");
    }

    [Fact]
    [Trait("Category", "Integration")]
    public async Task Opus_round_trip_uses_a_seeded_bitrate_and_keeps_the_music()
    {
        var x = Tone(440, 3, 0.3f);
        var opus = new OpusRoundTrip();
        var (y, kbps) = await opus.ApplyAsync(x, Sr, new Random(9));
        var (_, again) = await opus.ApplyAsync(x, Sr, new Random(9));
        Assert.InRange(kbps, OpusRoundTrip.MinKbps, OpusRoundTrip.MaxKbps);
        Assert.Equal(kbps, again);
        Assert.InRange(y.Length, x.Length - Sr / 10, x.Length + Sr / 10);
        Assert.InRange(GainDb(x, y[..Math.Min(x.Length, y.Length)]), -2, 2);
        Assert.NotEqual(x, y[..Math.Min(x.Length, y.Length)]);
    }
}
