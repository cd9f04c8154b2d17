namespace TuneBot.Core.Storage;

/// <summary>
/// A track's feature sequence as stored for the similarity search: <see cref="Frames"/> frames of
/// <see cref="Dims"/> values, encoded by <see cref="SequenceEncoding"/> version <see cref="Encoding"/>.
/// </summary>
public sealed class CompactSequence
{
    public CompactSequence(int frames, int dims, int encoding, byte[] data)
    {
        Frames = frames;
        Dims = dims;
        Encoding = encoding;
        Data = data;
    }

    public int Frames { get; }
    public int Dims { get; }
    /// <summary>The <see cref="SequenceEncoding.Version"/> that wrote <see cref="Data"/>.</summary>
    public int Encoding { get; }
    /// <summary>The encoded bytes, as stored in <c>tracks.sequence</c>.</summary>
    public byte[] Data { get; }

    /// <summary>Decodes to float32, frame-major: value d of frame t at <c>t * Dims + d</c>.</summary>
    public float[] Decode() => SequenceEncoding.Decode(this);
}
