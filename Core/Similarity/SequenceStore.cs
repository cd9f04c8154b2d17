namespace TuneBot.Core.Similarity;

/// <summary>
/// Where the search reads catalog sequences from, by position 0 … Count − 1. Implementations are thread-safe:
/// concurrent searches read concurrently, each decoding into its own scratch buffer.
/// </summary>
public abstract class SequenceStore : IDisposable
{
    /// <summary>Number of sequences.</summary>
    public abstract int Count { get; }

    /// <summary>Values per frame, the same for every sequence.</summary>
    public abstract int Dims { get; }

    /// <summary>Frames of sequence <paramref name="index"/>.</summary>
    public abstract int FrameCount(int index);

    /// <summary>
    /// The frames of sequence <paramref name="index"/>, frame-major (FrameCount × Dims floats). May return a view
    /// of stored data, or decode into <paramref name="scratch"/> (replaced by a larger array when too small);
    /// the span is valid until the caller's next use of that scratch.
    /// </summary>
    public abstract ReadOnlySpan<float> Read(int index, ref float[] scratch);

    /// <summary>Bytes this store keeps in managed or native memory (not counting the OS file cache).</summary>
    public abstract long ResidentBytes { get; }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>Sequences kept as float32 arrays in memory: exact, for tests and small catalogs.</summary>
public sealed class InMemorySequenceStore : SequenceStore
{
    private readonly FrameSequence[] _sequences;
    private readonly int _dims;

    public InMemorySequenceStore(IReadOnlyList<FrameSequence> sequences, int dims)
    {
        if (dims < 1) throw new ArgumentOutOfRangeException(nameof(dims));
        _sequences = sequences.ToArray();
        foreach (var s in _sequences)
            if (s.Dims != dims) throw new ArgumentException("Every sequence must have the same frame dimension.", nameof(sequences));
        _dims = dims;
    }

    public override int Count => _sequences.Length;
    public override int Dims => _dims;
    public override int FrameCount(int index) => _sequences[index].Frames;
    public override ReadOnlySpan<float> Read(int index, ref float[] scratch) => _sequences[index].Data;
    public override long ResidentBytes => _sequences.Sum(s => (long)s.Data.Length * sizeof(float));
}
