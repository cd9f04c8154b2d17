using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace TuneBot.Core.Similarity;

/// <summary>
/// Catalog sequences in a flat file, 8 bits per value, read on demand: the DTW stage only touches the few
/// candidate tracks of a query, so a catalog far larger than memory (100,000 tracks × ~2,600 frames × 24 dims
/// = 6.2 GB even at one byte a value) costs the process only its offset table; the OS file cache keeps the hot
/// part. Each track stores, per dimension, its minimum and step ((max − min) / 255) and each value as
/// round((x − min) / step), so the decoding error is at most step / 2 per value.
/// <para>Layout: "TBSQ" magic, int32 version = 1, int32 dims; then track records
/// [int32 frames][dims × float32 min][dims × float32 step][frames × dims bytes]; then the table
/// [count × (int64 offset, int32 frames)], and the trailer [int64 table offset][int32 count].</para>
/// </summary>
public sealed class QuantizedSequenceFile : SequenceStore
{
    private const int Magic = 0x51534254; // "TBSQ" little-endian
    private readonly SafeFileHandle _handle;
    private readonly long[] _offsets;
    private readonly int[] _frames;
    private readonly int _dims;
    [ThreadStatic] private static byte[]? t_bytes;

    private QuantizedSequenceFile(SafeFileHandle handle, int dims, long[] offsets, int[] frames)
    {
        _handle = handle; _dims = dims; _offsets = offsets; _frames = frames;
    }

    /// <summary>Opens a file written by <see cref="Writer"/>. Throws <see cref="InvalidDataException"/> on a bad file.</summary>
    public static QuantizedSequenceFile Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        try
        {
            long length = RandomAccess.GetLength(handle);
            Span<byte> head = stackalloc byte[12];
            if (length < 24 || RandomAccess.Read(handle, head, 0) != 12 || BinaryPrimitives.ReadInt32LittleEndian(head) != Magic
                || BinaryPrimitives.ReadInt32LittleEndian(head[4..]) != 1)
                throw new InvalidDataException($"{path} is not a TuneBot sequence file.");
            int dims = BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
            Span<byte> trailer = stackalloc byte[12];
            RandomAccess.Read(handle, trailer, length - 12);
            long tableOffset = BinaryPrimitives.ReadInt64LittleEndian(trailer);
            int count = BinaryPrimitives.ReadInt32LittleEndian(trailer[8..]);
            if (dims < 1 || count < 0 || tableOffset < 12 || tableOffset + (long)count * 12 + 12 != length)
                throw new InvalidDataException($"{path} has a damaged table.");
            var table = new byte[count * 12];
            if (RandomAccess.Read(handle, table, tableOffset) != table.Length) throw new InvalidDataException($"{path} is truncated.");
            var offsets = new long[count];
            var frames = new int[count];
            for (int i = 0; i < count; i++)
            {
                offsets[i] = BinaryPrimitives.ReadInt64LittleEndian(table.AsSpan(i * 12));
                frames[i] = BinaryPrimitives.ReadInt32LittleEndian(table.AsSpan(i * 12 + 8));
            }
            return new QuantizedSequenceFile(handle, dims, offsets, frames);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public override int Count => _offsets.Length;
    public override int Dims => _dims;
    public override int FrameCount(int index) => _frames[index];
    public override long ResidentBytes => _offsets.Length * 12L;

    public override ReadOnlySpan<float> Read(int index, ref float[] scratch)
    {
        int frames = _frames[index], d = _dims;
        int values = frames * d;
        int recordBytes = 4 + 8 * d + values;
        var bytes = t_bytes;
        if (bytes is null || bytes.Length < recordBytes) t_bytes = bytes = new byte[Math.Max(recordBytes, 64 * 1024)];
        int read = RandomAccess.Read(_handle, bytes.AsSpan(0, recordBytes), _offsets[index]);
        if (read != recordBytes) throw new InvalidDataException("Sequence file is truncated.");
        if (scratch.Length < values) scratch = new float[values];
        var min = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(4, 4 * d));
        var step = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan(4 + 4 * d, 4 * d));
        var codes = bytes.AsSpan(4 + 8 * d, values);
        var dest = scratch.AsSpan(0, values);
        System.Numerics.Tensors.TensorPrimitives.ConvertTruncating<byte, float>(codes, dest);
        for (int t = 0; t < frames; t++)
        {
            var f = dest.Slice(t * d, d);
            System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(f, step, min, f);
        }
        return dest;
    }

    public override void Dispose()
    {
        _handle.Dispose();
        base.Dispose();
    }

    /// <summary>Appends sequences to a new file, one at a time (memory bounded by one sequence).</summary>
    public sealed class Writer : IDisposable
    {
        private readonly FileStream _stream;
        private readonly int _dims;
        private readonly List<(long Offset, int Frames)> _table = [];
        private bool _finished;

        public Writer(string path, int dims)
        {
            if (dims < 1) throw new ArgumentOutOfRangeException(nameof(dims));
            _dims = dims;
            _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
            Span<byte> head = stackalloc byte[12];
            BinaryPrimitives.WriteInt32LittleEndian(head, Magic);
            BinaryPrimitives.WriteInt32LittleEndian(head[4..], 1);
            BinaryPrimitives.WriteInt32LittleEndian(head[8..], dims);
            _stream.Write(head);
        }

        /// <summary>Number of sequences appended so far (the next one's index).</summary>
        public int Count => _table.Count;

        /// <summary>Quantises and appends one sequence; returns its index.</summary>
        public int Append(FrameSequence sequence) => Append(sequence.Data, sequence.Frames);

        /// <summary>Quantises and appends frames (frame-major, frames × dims); returns its index.</summary>
        public int Append(ReadOnlySpan<float> data, int frames)
        {
            int d = _dims;
            if (data.Length < frames * d) throw new ArgumentException("Data is shorter than frames × dims.", nameof(data));
            var min = new float[d];
            var max = new float[d];
            Array.Fill(min, float.PositiveInfinity);
            Array.Fill(max, float.NegativeInfinity);
            for (int t = 0; t < frames; t++)
                for (int k = 0; k < d; k++)
                {
                    float v = data[t * d + k];
                    if (v < min[k]) min[k] = v;
                    if (v > max[k]) max[k] = v;
                }
            var step = new float[d];
            for (int k = 0; k < d; k++)
            {
                if (frames == 0) { min[k] = 0; max[k] = 0; }
                step[k] = (max[k] - min[k]) / 255f;
            }
            var record = new byte[4 + 8 * d + frames * d];
            BinaryPrimitives.WriteInt32LittleEndian(record, frames);
            for (int k = 0; k < d; k++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(4 + 4 * k), min[k]);
                BinaryPrimitives.WriteSingleLittleEndian(record.AsSpan(4 + 4 * d + 4 * k), step[k]);
            }
            int o = 4 + 8 * d;
            for (int t = 0; t < frames; t++)
                for (int k = 0; k < d; k++)
                {
                    float code = step[k] > 0 ? (data[t * d + k] - min[k]) / step[k] : 0;
                    record[o++] = (byte)Math.Clamp(MathF.Round(code), 0, 255);
                }
            _table.Add((_stream.Position, frames));
            _stream.Write(record);
            return _table.Count - 1;
        }

        /// <summary>Writes the table and trailer and closes the file.</summary>
        public void Finish()
        {
            if (_finished) return;
            long tableOffset = _stream.Position;
            var buf = new byte[12];
            foreach (var (offset, frames) in _table)
            {
                BinaryPrimitives.WriteInt64LittleEndian(buf, offset);
                BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(8), frames);
                _stream.Write(buf);
            }
            BinaryPrimitives.WriteInt64LittleEndian(buf, tableOffset);
            BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(8), _table.Count);
            _stream.Write(buf);
            _stream.Dispose();
            _finished = true;
        }

        public void Dispose()
        {
            if (!_finished) _stream.Dispose();
        }
    }
}
