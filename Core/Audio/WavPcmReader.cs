using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TuneBot.Core.Audio;

/// <summary>
/// Reads the 32-bit float WAV that ffmpeg streams over a pipe and averages its channels into mono, keeping at
/// most a given number of samples.
/// </summary>
/// <remarks>
/// WAV rather than raw PCM because its header carries the channel count, which the mean needs. Over a pipe
/// ffmpeg cannot go back to fill in the RIFF and data sizes (they read 0xFFFFFFFF), so the data chunk is read
/// to the end of the stream.
/// </remarks>
internal sealed class WavPcmReader
{
    private readonly int _expectedRate;
    private readonly long _limit;
    private float[] _samples;
    private long _count;

    /// <param name="expectedRate">The rate ffmpeg was asked for; a header with another rate is an error.</param>
    /// <param name="limit">Stop after this many mono samples.</param>
    public WavPcmReader(int expectedRate, long limit)
    {
        _expectedRate = expectedRate;
        _limit = limit;
        _samples = new float[(int)Math.Min(limit, (long)expectedRate * 30)];
    }

    /// <summary>Mono samples read so far.</summary>
    public long SampleCount => _count;

    /// <summary>True when reading stopped because the limit was reached (the source may hold more).</summary>
    public bool LimitReached { get; private set; }

    /// <summary>Source channel count from the header (0 before it is read).</summary>
    public int Channels { get; private set; }

    /// <summary>The samples read, at most <paramref name="maxLength"/> of them, as an exactly sized array.</summary>
    public float[] ToArray(long maxLength)
    {
        long n = Math.Min(_count, maxLength);
        if (n == _samples.Length)
            return _samples;
        return _samples.AsSpan(0, (int)n).ToArray();
    }

    /// <summary>Reads the header and then samples until the end of <paramref name="wav"/> or the limit.</summary>
    /// <exception cref="InvalidDataException">The stream is not a 32-bit float WAV at the expected rate.</exception>
    public async Task ReadAsync(Stream wav, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        int filled = 0;
        int frameBytes = 0;
        bool inData = false;

        while (true)
        {
            int n = await wav.ReadAsync(buffer.AsMemory(filled), ct).ConfigureAwait(false);
            if (n == 0)
                break;
            filled += n;
            int consumed = 0;

            if (!inData)
            {
                int headerEnd = ParseHeader(buffer.AsSpan(0, filled));
                if (headerEnd < 0)
                {
                    if (filled == buffer.Length)
                        throw new InvalidDataException("WAV header larger than 64 KB");
                    continue;
                }
                inData = true;
                frameBytes = 4 * Channels;
                consumed = headerEnd;
            }

            int frames = (filled - consumed) / frameBytes;
            if (frames > 0)
            {
                long room = _limit - _count;
                int take = (int)Math.Min(frames, room);
                Append(MemoryMarshal.Cast<byte, float>(buffer.AsSpan(consumed, take * frameBytes)));
                consumed += frames * frameBytes;
                if (_count >= _limit)
                {
                    LimitReached = true;
                    return;
                }
            }

            // Keep an incomplete frame (or header) for the next read.
            Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
            filled -= consumed;
        }

        if (!inData && filled > 0)
            throw new InvalidDataException("the WAV stream ended inside its header");
    }

    private void Append(ReadOnlySpan<float> interleaved)
    {
        int channels = Channels;
        int frames = interleaved.Length / channels;
        EnsureCapacity(_count + frames);
        var destination = _samples.AsSpan((int)_count, frames);
        if (channels == 1)
        {
            interleaved.CopyTo(destination);
        }
        else
        {
            // librosa.to_mono: the arithmetic mean of the channels.
            float scale = 1f / channels;
            for (int f = 0, i = 0; f < frames; f++)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++, i++)
                    sum += interleaved[i];
                destination[f] = sum * scale;
            }
        }
        _count += frames;
    }

    private void EnsureCapacity(long needed)
    {
        if (needed <= _samples.Length)
            return;
        long size = Math.Min(Math.Max(needed, (long)_samples.Length * 2), _limit);
        Array.Resize(ref _samples, (int)size);
    }

    /// <summary>Offset of the first sample byte, or -1 when more bytes are needed.</summary>
    private int ParseHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12)
            return -1;
        if (!data[..4].SequenceEqual("RIFF"u8) || !data.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new InvalidDataException("not a RIFF/WAVE stream");
        int pos = 12;
        bool haveFormat = false;
        while (true)
        {
            if (pos + 8 > data.Length)
                return -1;
            var id = data.Slice(pos, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(pos + 4, 4));
            pos += 8;
            if (id.SequenceEqual("data"u8))
            {
                if (!haveFormat)
                    throw new InvalidDataException("WAV data chunk before its fmt chunk");
                return pos;
            }
            long next = pos + (long)size + (size & 1);
            if (next > data.Length)
                return -1;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16)
                    throw new InvalidDataException("WAV fmt chunk too short");
                var fmt = data.Slice(pos, (int)size);
                ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
                // 0xFFFE = WAVE_FORMAT_EXTENSIBLE (ffmpeg writes it for float and for > 2 channels); its sub-format
                // GUID begins with the plain format tag.
                if (tag == 0xFFFE && size >= 26)
                    tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt.Slice(24, 2));
                int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt.Slice(2, 2));
                int rate = BinaryPrimitives.ReadInt32LittleEndian(fmt.Slice(4, 4));
                int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt.Slice(14, 2));
                if (tag != 3 || bits != 32)
                    throw new InvalidDataException($"expected 32-bit float PCM, got format {tag} with {bits} bits");
                if (channels < 1)
                    throw new InvalidDataException("WAV header declares no channels");
                if (rate != _expectedRate)
                    throw new InvalidDataException($"expected {_expectedRate} Hz, got {rate} Hz");
                Channels = channels;
                haveFormat = true;
            }
            pos = (int)next;
        }
    }
}
