using System.Buffers.Binary;

namespace TuneBot.Core.Storage;

/// <summary>
/// Vectors as database blobs: little-endian IEEE floats, no header (the element count is kept in a column next to
/// the blob), so the bytes read the same on every machine and both providers.
/// </summary>
public static class VectorCodec
{
    /// <summary>float64 × n → 8n bytes.</summary>
    public static byte[] FromDoubles(ReadOnlySpan<double> values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }

    /// <summary>8n bytes → float64 × n.</summary>
    /// <exception cref="FormatException">The length is not a multiple of 8.</exception>
    public static double[] ToDoubles(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % 8 != 0) throw new FormatException($"A float64 blob of {bytes.Length} bytes is not a whole number of values.");
        var values = new double[bytes.Length / 8];
        for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]);
        return values;
    }
}
