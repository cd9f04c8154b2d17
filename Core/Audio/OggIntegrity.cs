using System.Buffers.Binary;

namespace TuneBot.Core.Audio;

/// <summary>
/// Detects an Ogg file cut short (an interrupted upload or download). ffmpeg's Ogg demuxer silently drops a
/// partial last page and decodes what precedes it, and an Ogg stream has no length field, so without this check
/// a truncated voice note would decode as a shorter, apparently healthy clip.
/// </summary>
/// <remarks>
/// Rule (RFC 3533): a complete Ogg stream ends with a whole page. We look in the file's tail for the start of
/// a page ("OggS", version 0) whose declared length reaches exactly the end of the data and whose CRC
/// checks; if none exists, the last page is partial. A page is at most 27 + 255 + 255 × 255 = 65 307 bytes, so
/// the last <see cref="TailLength"/> bytes always contain the start of the last page.
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
    /// True when <paramref name="tail"/> (the last bytes of an Ogg input, at most <see cref="TailLength"/> needed)
    /// ends with a complete, CRC-valid page.
    /// </summary>
    public static bool EndsWithCompletePage(ReadOnlySpan<byte> tail)
    {
        for (int p = tail.Length - 27; p >= 0; p--)
        {
            if (tail[p] != (byte)'O' || tail[p + 1] != (byte)'g' || tail[p + 2] != (byte)'g' || tail[p + 3] != (byte)'S' || tail[p + 4] != 0)
                continue;
            int segments = tail[p + 26];
            int headerLength = 27 + segments;
            if (p + headerLength > tail.Length)
                continue;
            int bodyLength = 0;
            for (int s = 0; s < segments; s++)
                bodyLength += tail[p + 27 + s];
            if (p + headerLength + bodyLength != tail.Length)
                continue;
            if (PageCrc(tail.Slice(p, headerLength + bodyLength)) == BinaryPrimitives.ReadUInt32LittleEndian(tail.Slice(p + 22, 4)))
                return true;
        }
        return false;
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
