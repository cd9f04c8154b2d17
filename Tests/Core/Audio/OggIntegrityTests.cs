using TuneBot.Core.Audio;
using Xunit;

namespace TuneBot.Tests.Core.Audio;

[Trait("Category", "Integration")]
public sealed class OggIntegrityTests(TestAudioFiles files) : IClassFixture<TestAudioFiles>
{
    private byte[] Voice() => File.ReadAllBytes(files.Generate("voice-4s.ogg", "aevalsrc=0.5*sin(2*PI*440*t):s=48000:d=4", "-c:a", "libopus"));

    private static ReadOnlySpan<byte> Tail(byte[] data) => data.AsSpan(Math.Max(0, data.Length - OggIntegrity.TailLength));

    [Fact]
    public void A_whole_file_ends_with_a_complete_page()
    {
        byte[] whole = Voice();
        Assert.True(OggIntegrity.IsOgg(whole));
        Assert.True(OggIntegrity.EndsWithCompletePage(Tail(whole)));
    }

    [Fact]
    public void A_file_cut_at_any_point_inside_its_last_pages_is_detected()
    {
        byte[] whole = Voice();
        int cuts = 0;
        for (int length = whole.Length - 1; length > whole.Length - 3000; length -= 7)
        {
            byte[] cut = whole[..length];
            // Cutting exactly at a page boundary leaves a well-formed (shorter) stream.
            if (OggIntegrity.EndsWithCompletePage(Tail(cut)))
                Assert.True(whole.AsSpan(length).StartsWith("OggS"u8), $"cut at {length} not detected");
            else
                cuts++;
        }
        Assert.True(cuts > 300);
    }

    [Fact]
    public void Trailing_bytes_without_a_page_start_are_tolerated()
    {
        // Some taggers append an ID3v1 tag (128 bytes starting "TAG") to any file.
        byte[] whole = Voice();
        byte[] tagged = [.. whole, .. "TAG"u8.ToArray(), .. new byte[125]];
        Assert.True(OggIntegrity.EndsWithCompletePage(Tail(tagged)));
    }

    [Fact]
    public void Not_ogg_is_recognised()
    {
        Assert.False(OggIntegrity.IsOgg("ID3\u0004"u8));
        Assert.False(OggIntegrity.IsOgg("Og"u8));
    }
}
