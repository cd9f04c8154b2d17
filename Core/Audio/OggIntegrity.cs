using System.Buffers.Binary;

namespace TuneBot.Core.Audio;

/// <summary>
/// Detects an Ogg file cut short (an interrupted upload or download). ffmpeg's Ogg demuxer silently drops a
/// partial last page and decodes what precedes it, and an Ogg stream has no length field, so without this check
/// a truncated voice note would decode as a shorter, apparently healthy clip.
/// </summary>
/// <remarks>
/// Rule (RFC 3533): a complete Ogg stream ends with a whole page. Scanning back from the end for the capture
/// pattern "OggS" (version 0): the last one that starts a page must start a page that fits in the data; if its
/// declared length runs past the end, the input was cut inside that page. A page whose CRC fails is a chance
/// "OggS" inside packet data and is skipped. Bytes after the last whole page that hold no page start (an ID3 tag
/// some taggers append) are tolerated, as ffmpeg tolerates them. A cut exactly between two pages cannot be told
/// from a shorter stream. A page is at most 27 + 255 + 255 × 255 = 65 307 bytes, so the last
/// <see cref="TailLength"/> bytes always contain the start of the last page.
/// </remarks>
public static class OggIntegrity
{
    /// <summary>Bytes of the input's end needed by <see cref="EndsWithCompletePage"/>.</summary>
    public const int TailLength = 27 + 255 + 255 * 255;

    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>True when <paramref name="head"/> starts with the Ogg capture pattern "OggS".</summary>
    public static bool IsOgg(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == (byte)'O' && head[1] == (byte)'g' && head[2] == (byte)'g' && head[3] == (byte)'S';

    /// <summary>
    /// True unless <paramref name="tail"/> (the last bytes of an Ogg input, at most <see cref="TailLength"/> needed)
    /// ends inside a page, i.e. the input was cut short.
    /// </summary>
    public static bool EndsWithCompletePage(ReadOnlySpan<byte> tail)
    {
        for (int p = tail.Length - 5; p >= 0; p--)
        {
            if (tail[p] != (byte)'O' || tail[p + 1] != (byte)'g' || tail[p + 2] != (byte)'g' || tail[p + 3] != (byte)'S' || tail[p + 4] != 0)
                continue;
            if (p + 27 > tail.Length)
                return false;                       // cut inside the page header
            int segments = tail[p + 26];
            int headerLength = 27 + segments;
            if (p + headerLength > tail.Length)
                return false;                       // cut inside the segment table
            int bodyLength = 0;
            for (int s = 0; s < segments; s++)
                bodyLength += tail[p + 27 + s];
            if (p + headerLength + bodyLength > tail.Length)
                return false;                       // cut inside the page body
            if (PageCrc(tail.Slice(p, headerLength + bodyLength)) == BinaryPrimitives.ReadUInt32LittleEndian(tail.Slice(p + 22, 4)))
            {
                // The last whole page; what follows must not be the first bytes of another one ("O", "Og", …).
                var rest = tail[(p + headerLength + bodyLength)..];
                return rest.IsEmpty || rest.Length >= 4 || !"OggS"u8.StartsWith(rest);
            }
            // CRC mismatch: "OggS" by chance inside packet data; keep looking further back.
        }
        return false;                               // no page start at all near the end
    }

    // Ogg's CRC-32: polynomial 0x04C11DB7, not reflected, initial value 0, no final xor, computed over the page
    // with its own checksum field (bytes 22..25) taken as zero.
    private static uint PageCrc(ReadOnlySpan<byte> page)
    {
        uint crc = 0;
        for (int i = 0; i < page.Length; i++)
        {
            byte b = i is >= 22 and < 26 ? (byte)0 : page[i];
            crc = (crc << 8) ^ CrcTable[(crc >> 24) ^ b];
        }
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint r = i << 24;
            for (int bit = 0; bit < 8; bit++)
                r = (r & 0x80000000u) != 0 ? (r << 1) ^ 0x04C11DB7u : r << 1;
            table[i] = r;
        }
        return table;
    }
}
