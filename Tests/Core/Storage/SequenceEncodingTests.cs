using TuneBot.Core.Storage;
using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Core.Storage;

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
}
