using System.Buffers.Binary;
using TuneBot.Core.Features;

namespace TuneBot.Core.Catalog;

/// <summary>
/// The compact per-track feature sequence the similarity search runs subsequence DTW on.
/// <para>
/// Version 1: the 20 MFCC rows (librosa defaults: 22050 Hz, hop 512), pooled by averaging
/// <see cref="PoolFrames"/> consecutive frames (hop ≈ 92.9 ms — the resolution at which the retrieval study in
/// shared/notes/retrieval-findings.md measured DTW), stored frame-major as IEEE half floats (System.Half,
/// little-endian). No normalisation is applied: the search normalises per sequence or per window itself.
/// </para>
/// <para>
/// Cost: 22050 / 512 / 4 ≈ 10.77 frames/s ≈ 646 frames per minute × 20 dims × 2 bytes ≈ 25.8 KB per track-minute
/// (goal ≤ 50 KB). Half precision keeps 11 significant bits: MFCC 0 (≈ −600…0 dB-scaled) is kept to within 0.25,
/// the other coefficients (|c| &lt; 200) to within 0.06 — far below the frame-to-frame spread that DTW compares.
/// </para>
/// A new representation (e.g. band-limited MFCC + chroma) is a new version: raise <see cref="Version"/>; the
/// ingest re-analyses every track stored under an older version, with no schema change.
/// </summary>
public static class SequenceEncoding
{
    /// <summary>The representation written by <see cref="Encode"/>; stored in <c>tracks.sequence_encoding</c>.</summary>
    public const int Version = 1;

    /// <summary>Analysis frames averaged into one stored frame.</summary>
    public const int PoolFrames = 4;

    /// <summary>Values per stored frame (MFCC coefficients).</summary>
    public const int Dims = 20;

    /// <summary>Seconds per stored frame for an analysis at <paramref name="sampleRate"/> Hz, hop <paramref name="hopLength"/>.</summary>
    public static double FrameSeconds(int sampleRate = 22050, int hopLength = 512) => PoolFrames * (double)hopLength / sampleRate;

    /// <summary>Bytes one minute of audio costs in this representation.</summary>
    public static double BytesPerMinute(int sampleRate = 22050, int hopLength = 512) => 60.0 / FrameSeconds(sampleRate, hopLength) * Dims * 2;

    /// <summary>
    /// Encodes an MFCC matrix (<see cref="Dims"/> rows × T analysis frames, row-major as FeatureMatrix) into
    /// ceil(T / <see cref="PoolFrames"/>) stored frames; a final partial group is averaged over the frames it has.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix does not have <see cref="Dims"/> rows or has no frames.</exception>
    public static CompactSequence Encode(FeatureMatrix mfcc)
    {
        if (mfcc.Rows != Dims) throw new ArgumentException($"Expected {Dims} MFCC rows, got {mfcc.Rows}.", nameof(mfcc));
        if (mfcc.Frames == 0) throw new ArgumentException("The MFCC matrix has no frames.", nameof(mfcc));
        int frames = (mfcc.Frames + PoolFrames - 1) / PoolFrames;
        var bytes = new byte[frames * Dims * 2];
        for (int d = 0; d < Dims; d++)
        {
            var row = mfcc.Row(d);
            for (int f = 0; f < frames; f++)
            {
                int start = f * PoolFrames, end = Math.Min(start + PoolFrames, row.Length);
                float sum = 0;
                for (int t = start; t < end; t++) sum += row[t];
                BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan((f * Dims + d) * 2), (Half)(sum / (end - start)));
            }
        }
        return new CompactSequence(frames, Dims, Version, bytes);
    }

    /// <summary>Decodes to float32, frame-major (value d of frame t at <c>t * Dims + d</c>).</summary>
    /// <exception cref="NotSupportedException">The sequence was written by another encoding version.</exception>
    /// <exception cref="FormatException">The byte count does not match frames × dims.</exception>
    public static float[] Decode(CompactSequence sequence)
    {
        if (sequence.Encoding != Version)
            throw new NotSupportedException($"Sequence encoding {sequence.Encoding} is not readable by version {Version}; re-run ingest.");
        int n = sequence.Frames * sequence.Dims;
        if (sequence.Data.Length != n * 2)
            throw new FormatException($"A sequence of {sequence.Frames}×{sequence.Dims} needs {n * 2} bytes, got {sequence.Data.Length}.");
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(sequence.Data.AsSpan(i * 2));
        return values;
    }
}
