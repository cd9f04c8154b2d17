using TuneBot.Core.Catalog;
using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Catalog;

public class SequenceEncodingTests
{
    [Fact]
    public void Pools_four_frames_and_round_trips_within_half_precision()
    {
        var rnd = new Random(3);
        const int D = SequenceEncoding.Dims;
        var mfcc = new FeatureMatrix(D, 10);   // 10 frames → 3 stored frames, the last from 2 frames
        for (int i = 0; i < mfcc.Data.Length; i++) mfcc.Data[i] = (float)(rnd.NextDouble() * 400 - 300);
        var seq = SequenceEncoding.Encode(mfcc);
        Assert.Equal((3, D, SequenceEncoding.Version, 3 * D * 2), (seq.Frames, seq.Dims, seq.Encoding, seq.Data.Length));
        var decoded = seq.Decode();
        for (int d = 0; d < D; d++)
        {
            double first = (mfcc[d, 0] + mfcc[d, 1] + mfcc[d, 2] + mfcc[d, 3]) / 4.0;
            double last = (mfcc[d, 8] + mfcc[d, 9]) / 2.0;
            Assert.InRange(decoded[0 * D + d] - first, -0.13, 0.13);   // half: 11 significant bits, |x| < 512 → step ≤ 0.25
            Assert.InRange(decoded[2 * D + d] - last, -0.13, 0.13);
        }
    }

    [Fact]
    public void Costs_under_fifty_kilobytes_per_minute()
    {
        int framesPerMinute = (int)Math.Ceiling(60 * 22050.0 / 512);
        var seq = SequenceEncoding.Encode(new FeatureMatrix(SequenceEncoding.Dims, framesPerMinute));
        Assert.InRange(seq.Data.Length, 35_000, 50_000);
        Assert.InRange(SequenceEncoding.BytesPerMinute() - seq.Data.Length, -50, 50);
        Assert.Equal(0.0929, SequenceEncoding.FrameSeconds(), 4);
    }

    [Fact]
    public void Rejects_other_versions_and_damaged_data()
    {
        Assert.Throws<NotSupportedException>(() => new CompactSequence(1, 20, SequenceEncoding.Version + 1, new byte[40]).Decode());
        Assert.Throws<FormatException>(() => new CompactSequence(2, 20, SequenceEncoding.Version, new byte[40]).Decode());
        Assert.Throws<ArgumentException>(() => SequenceEncoding.Encode(new FeatureMatrix(13, 10)));
    }

    [Fact]
    public void Windows_of_eight_seconds_every_four_summarise_their_frames()
    {
        int frames = (int)(60 * 22050.0 / 512);   // one minute
        var mfcc = new FeatureMatrix(20, frames);
        var chroma = new FeatureMatrix(12, frames);
        for (int t = 0; t < frames; t++) { mfcc[0, t] = t; chroma[5, t] = t % 2; }
        var windows = WindowSummary.Compute(mfcc, chroma);
        Assert.Equal(14, windows.Count);   // starts 0, 4, … 52 s; a window must fit entirely
        var w = windows[2];
        Assert.Equal((2, WindowSummary.Dims), (w.Index, w.Vector.Length));
        Assert.Equal(8.0, w.StartSeconds, 1);
        int start = 2 * (int)Math.Round(4 * 22050.0 / 512), n = (int)Math.Round(8 * 22050.0 / 512);
        Assert.Equal(start + (n - 1) / 2.0, w.Vector[0], 3);            // mean of MFCC 0
        Assert.Equal(Math.Sqrt((n * (double)n - 1) / 12), w.Vector[20], 2); // std of 0..n-1
        Assert.Equal(0.5, w.Vector[40 + 5], 2);                          // chroma mean
        Assert.Equal(0.5, w.Vector[52 + 5], 2);                          // chroma std of alternating 0/1

        var shortTrack = WindowSummary.Compute(new FeatureMatrix(20, 100), new FeatureMatrix(12, 100));
        Assert.Equal(0.0, Assert.Single(shortTrack).StartSeconds);
    }
}
