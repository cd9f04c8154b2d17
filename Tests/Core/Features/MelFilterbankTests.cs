using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Core.Features;

public class MelFilterbankTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(200.0 / 3, 1.0)]
    [InlineData(1000.0, 15.0)]
    [InlineData(6400.0, 42.0)] // 15 + 27 steps of ln(6.4)/27
    public void SlaneyMelScaleIsLinearBelow1kHzAndLogarithmicAbove(double hz, double mel)
    {
        Assert.Equal(mel, MelFilterbank.HzToMel(hz), 9);
        Assert.Equal(hz, MelFilterbank.MelToHz(mel), 6);
    }

    [Fact]
    public void DefaultBankMatchesLibrosasDocumentedFirstWeightsAndHasUnitAreaFilters()
    {
        var bank = MelFilterbank.Default;
        Assert.Equal(128, bank.Mels);
        Assert.Equal(1025, bank.Bins);
        var dense = bank.ToDense();
        // librosa.filters.mel(sr=22050, n_fft=2048) docs: [[0., 0.016, ...]]; first band peaks on bin 1 (10.77 Hz).
        Assert.Equal(0f, dense[0]);
        Assert.InRange(dense[1], 0.0155f, 0.0165f);
        for (int m = 0; m < bank.Mels; m++)
        {
            // Slaney norm: height 2 / (f[m+2] − f[m]) so the triangle's area in Hz is 1; summed over bins spaced
            // sr/n_fft apart the weights give ≈ n_fft / sr once a filter spans several bins.
            double sum = 0;
            foreach (var w in bank.Weights(m)) sum += w;
            if (m > 20) Assert.InRange(sum * 22050.0 / 2048, 0.95, 1.05);
            Assert.True(bank.Weights(m).Length > 0, $"band {m} is empty");
        }
    }

    [Fact]
    public void BandLimitedBankOnlyCoversItsRange()
    {
        var bank = new MelFilterbank(nMels: 40, fMin: 300, fMax: 3400);
        double hzPerBin = 22050.0 / 2048;
        Assert.True(bank.StartBin(0) * hzPerBin > 300);
        int last = bank.StartBin(39) + bank.Weights(39).Length - 1;
        Assert.True(last * hzPerBin < 3400);
    }

    [Fact]
    public void SparseApplicationEqualsDenseProduct()
    {
        var rng = new Random(3);
        var samples = new float[22050];
        for (int i = 0; i < samples.Length; i++) samples[i] = (float)(rng.NextDouble() - 0.5);
        var spec = Stft.Compute(samples, 22050);
        var bank = MelFilterbank.Default;
        var mel = bank.Apply(spec);
        var dense = bank.ToDense();
        for (int t = 0; t < spec.Frames; t += 7)
            for (int m = 0; m < bank.Mels; m += 5)
            {
                double acc = 0;
                for (int k = 0; k < bank.Bins; k++) acc += dense[m * bank.Bins + k] * spec.Power[t * spec.Bins + k];
                Assert.True(Math.Abs(acc - mel[m, t]) <= 1e-4 * Math.Max(1, Math.Abs(acc)), $"mel[{m},{t}] {mel[m, t]} vs {acc}");
            }
    }

    [Fact]
    public void PowerToDbFloorsEightyDecibelsBelowTheClipMaximum()
    {
        var power = new FeatureMatrix(2, 3, [1f, 1e-3f, 0f, 100f, 1e-12f, 1e-7f]);
        var db = Decibels.PowerToDb(power);
        Assert.Equal(0f, db[0, 0], 4);
        Assert.Equal(-30f, db[0, 1], 4);
        Assert.Equal(20f, db[1, 0], 4);
        Assert.Equal(-60f, db[0, 2], 4); // 0 → amin → −100 dB, floored at 20 − 80
        Assert.Equal(-60f, db[1, 1], 4);
        Assert.Equal(-60f, db[1, 2], 4); // −70 dB, floored
        var noFloor = Decibels.PowerToDb(power, topDb: null);
        Assert.Equal(-100f, noFloor[0, 2], 4);
    }
}
