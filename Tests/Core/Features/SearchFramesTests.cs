using TuneBot.Core.Features;
using TuneBot.Core.Recommendation;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Core.Features;

/// <summary>The search frames' chroma: band-limited tonal peaks, so a note survives broadband noise.</summary>
public class SearchFramesTests(ITestOutputHelper output)
{
    [Fact]
    public void ANoteInLoudBroadbandNoiseKeepsItsChromaWhereAPlainChromagramSmearsIt()
    {
        const int sr = 22050;
        var rng = new Random(7);
        var x = new float[sr * 3];
        for (int i = 0; i < x.Length; i++)
        {
            // A4 at 0.2 amplitude (power 0.02) in white noise of power 0.5: −14 dB SNR over the whole band.
            double noise = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            x[i] = (float)(0.2 * Math.Sin(2 * Math.PI * 440 * i / (double)sr) + Math.Sqrt(0.5) * noise);
        }
        var spec = Stft.Compute(x, sr);
        var frames = SearchFrames.Compute(spec);
        var plain = Chroma.Compute(spec, new ChromaFilterbank(sr, spec.NFft, 0, minHz: SearchFrames.FMinHz, maxHz: SearchFrames.FMaxHz));

        double peaksOthers = 0, plainOthers = 0;
        int counted = 0, aFirst = 0, inner = spec.Frames - 20;
        for (int t = 10; t < spec.Frames - 10; t++)
        {
            if (frames[SearchFrames.MfccRows + 9, t] == 1f) aFirst++;
            for (int c = 0; c < 12; c++)
            {
                if (c == 9) continue;
                peaksOthers += frames[SearchFrames.MfccRows + c, t];
                plainOthers += plain[c, t];
                counted++;
            }
        }
        peaksOthers /= counted;
        plainOthers /= counted;
        output.WriteLine($"mean of the other pitch classes: tonal peaks {peaksOthers:F3}, plain chroma {plainOthers:F3}; A strongest in {aFirst} of {inner} frames");
        Assert.True(aFirst >= 0.9 * inner, $"A strongest in only {aFirst} of {inner} frames");
        // White noise's power per bin is exponentially distributed: above its median lies about half its mean.
        Assert.True(peaksOthers < 0.7 * plainOthers, $"tonal peaks {peaksOthers:F3} vs plain {plainOthers:F3}");
    }
}
