using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Core.Features;

/// <summary>The optional pass band of the chroma filterbank (what the phone-robust search frames use).</summary>
public class ChromaFilterbankTests
{
    [Fact]
    public void BandLimitZeroesTheBinsOutsideAndKeepsLibrosasWeightsInside()
    {
        var full = new ChromaFilterbank(22050, 2048, 0);
        var band = new ChromaFilterbank(22050, 2048, 0, minHz: 300, maxHz: 3400);
        double step = 22050.0 / 2048;
        int inside = 0, outside = 0;
        for (int k = 0; k < full.Bins; k++)
        {
            double hz = k * step;
            for (int c = 0; c < 12; c++)
            {
                if (hz < 300 || hz > 3400) { Assert.Equal(0f, band[c, k]); outside++; }
                else { Assert.Equal(full[c, k], band[c, k]); inside++; }
            }
        }
        Assert.True(inside > 0 && outside > 0);
    }

    [Fact]
    public void ABassNoteBelowTheBandLeavesTheBandLimitedChromaOfTheMelodyUnchanged()
    {
        const int sr = 22050;
        var melody = Tone(sr, 1046.5); // C6: row 0
        var mixture = Tone(sr, 1046.5);
        var bass = Tone(sr, 220.0);    // A3: row 9, below a phone microphone's band
        for (int i = 0; i < mixture.Length; i++) mixture[i] += bass[i];
        var band = new ChromaFilterbank(sr, 2048, 0, minHz: 300, maxHz: 3400);
        var full = new ChromaFilterbank(sr, 2048, 0);

        var bandMixture = Chroma.Compute(Stft.Compute(mixture, sr), band);
        var bandMelody = Chroma.Compute(Stft.Compute(melody, sr), band);
        var fullMixture = Chroma.Compute(Stft.Compute(mixture, sr), full);
        int t = bandMixture.Frames / 2;

        // librosa's octave weighting (centred near 880 Hz) leaves A3 at about 0.6 of C6.
        Assert.True(fullMixture[9, t] > 0.3, $"full band: A = {fullMixture[9, t]}");
        Assert.True(bandMixture[9, t] < 0.05, $"band-limited: A = {bandMixture[9, t]}");
        for (int c = 0; c < 12; c++) Assert.Equal(bandMelody[c, t], bandMixture[c, t], 0.02);
    }

    [Fact]
    public void AnEmptyOrInvertedBandIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChromaFilterbank(minHz: 3400, maxHz: 300));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChromaFilterbank(minHz: -1, maxHz: 300));
    }

    private static float[] Tone(int sr, double hz)
    {
        var x = new float[sr * 2];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(0.3 * Math.Sin(2 * Math.PI * hz * i / sr));
        return x;
    }
}
