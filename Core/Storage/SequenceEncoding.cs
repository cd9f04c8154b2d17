using System.Buffers.Binary;
using TuneBot.Core.Features;

namespace TuneBot.Core.Storage;

/// <summary>
/// The compact per-track feature sequence the similarity search runs subsequence DTW on.
/// <para>
/// Version 3: the 31 search features of <see cref="SearchFrames"/> —
/// MFCC 1–19 of a 40-mel 300–3400 Hz bank, then chroma with tuning 0 over the same band — pooled by averaging
/// <see cref="PoolFrames"/> consecutive frames (hop ≈ 92.9 ms, the resolution at which the retrieval study in
/// docs/retrieval.md), stored frame-major as IEEE half floats (System.Half,
/// little-endian). No normalisation is applied: the search normalises (SearchFramePreparation.Prepare), so that choice
/// can change without re-ingesting. (Version 1 was the 20 full-band MFCC rows; version 2 had full-band chroma.)
/// </para>
/// <para>
/// Cost: 22050 / 512 / 4 ≈ 10.77 frames/s ≈ 646 frames per minute × 31 dims × 2 bytes ≈ 40 KB per track-minute
/// (goal ≤ 50 KB). Half precision keeps 11 significant bits: the band-limited MFCCs (|c| &lt; 300) to within 0.13,
/// chroma (0…1) to within 0.0005 — far below the frame-to-frame spread that DTW compares.
/// </para>
/// A new representation is a new version: raise <see cref="Version"/>; the ingest re-analyses every track stored
/// under an older version, with no schema change.
/// </summary>
public static class SequenceEncoding
{
    /// <summary>The representation written by <see cref="Encode"/>; stored in <c>tracks.sequence_encoding</c>.</summary>
    public const int Version = 3;

    /// <summary>Analysis frames averaged into one stored frame.</summary>
    public const int PoolFrames = 4;

    /// <summary>Values per stored frame (<see cref="SearchFrames.Dims"/>).</summary>
    public const int Dims = SearchFrames.Dims;

    /// <summary>Seconds per stored frame for an analysis at <paramref name="sampleRate"/> Hz, hop <paramref name="hopLength"/>.</summary>
    public static double FrameSeconds(int sampleRate = 22050, int hopLength = 512) => PoolFrames * (double)hopLength / sampleRate;

    /// <summary>Bytes one minute of audio costs in this representation.</summary>
    public static double BytesPerMinute(int sampleRate = 22050, int hopLength = 512) => 60.0 / FrameSeconds(sampleRate, hopLength) * Dims * 2;

    /// <summary>
    /// Encodes a search-feature matrix (<see cref="Dims"/> rows × T analysis frames, row-major as FeatureMatrix,
    /// from <see cref="SearchFrames.Compute"/>) into
    /// ceil(T / <see cref="PoolFrames"/>) stored frames; a final partial group is averaged over the frames it has.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix does not have <see cref="Dims"/> rows or has no frames.</exception>
    public static CompactSequence Encode(FeatureMatrix mfcc)
    {
        if (mfcc.Rows != Dims) throw new ArgumentException($"Expected {Dims} search-feature rows, got {mfcc.Rows}.", nameof(mfcc));
        if (mfcc.Frames == 0) throw new ArgumentException("The feature matrix has no frames.", nameof(mfcc));
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
