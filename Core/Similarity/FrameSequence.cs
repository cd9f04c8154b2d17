using TuneBot.Core.Features;

namespace TuneBot.Core.Similarity;

/// <summary>
/// A sequence of feature frames for DTW: <see cref="Frames"/> frames of <see cref="Dims"/> values each, stored
/// frame-major (frame t is <c>Data[t * Dims .. (t + 1) * Dims]</c>) so that one frame distance is one contiguous
/// SIMD loop. This is the transpose of <see cref="FeatureMatrix"/>'s librosa orientation.
/// </summary>
public sealed class FrameSequence
{
    /// <param name="data">Frame-major values, length <paramref name="frames"/> × <paramref name="dims"/>.</param>
    /// <param name="frames">Number of frames (time steps).</param>
    /// <param name="dims">Values per frame (≥ 1).</param>
    public FrameSequence(float[] data, int frames, int dims)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (dims < 1) throw new ArgumentOutOfRangeException(nameof(dims), "A frame needs at least one dimension.");
        if (frames < 0 || (long)frames * dims != data.Length)
            throw new ArgumentException("Data length must be frames × dims.", nameof(data));
        Data = data;
        Frames = frames;
        Dims = dims;
    }

    public float[] Data { get; }
    public int Frames { get; }
    public int Dims { get; }

    /// <summary>The <paramref name="t"/>-th frame (length <see cref="Dims"/>).</summary>
    public ReadOnlySpan<float> Frame(int t) => Data.AsSpan(t * Dims, Dims);

    /// <summary>Frames [start, start + count) as a new sequence (copied).</summary>
    public FrameSequence Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Frames) throw new ArgumentOutOfRangeException(nameof(start));
        return new FrameSequence(Data.AsSpan(start * Dims, count * Dims).ToArray(), count, Dims);
    }

    /// <summary>
    /// Transposes a librosa-oriented feature (rows = coefficients × columns = frames) into frames, optionally
    /// keeping only rows [firstRow, firstRow + rowCount) — e.g. MFCC 1–19 drops the loudness-like coefficient 0.
    /// </summary>
    public static FrameSequence FromFeatureMatrix(FeatureMatrix matrix, int firstRow = 0, int rowCount = -1)
        => Stack([matrix], [1f], [firstRow], [rowCount < 0 ? matrix.Rows - firstRow : rowCount]);

    /// <summary>
    /// Stacks several features frame by frame (e.g. band-limited MFCC and chroma), each multiplied by its weight,
    /// taking rows [firstRows[k], firstRows[k] + rowCounts[k]) of feature k. All features must have the same
    /// number of frames. Weighting is how docs/retrieval.md's "chroma ×2" is expressed.
    /// </summary>
    public static FrameSequence Stack(IReadOnlyList<FeatureMatrix> features, IReadOnlyList<float> weights,
        IReadOnlyList<int>? firstRows = null, IReadOnlyList<int>? rowCounts = null)
    {
        if (features.Count == 0 || weights.Count != features.Count) throw new ArgumentException("One weight per feature is required.", nameof(weights));
        int frames = features[0].Frames;
        int dims = 0;
        for (int k = 0; k < features.Count; k++)
        {
            if (features[k].Frames != frames) throw new ArgumentException("All features must have the same number of frames.", nameof(features));
            int first = firstRows?[k] ?? 0, count = rowCounts?[k] ?? features[k].Rows - first;
            if (first < 0 || count < 1 || first + count > features[k].Rows) throw new ArgumentOutOfRangeException(nameof(rowCounts));
            dims += count;
        }
        var data = new float[frames * dims];
        int offset = 0;
        for (int k = 0; k < features.Count; k++)
        {
            var m = features[k];
            int first = firstRows?[k] ?? 0, count = rowCounts?[k] ?? m.Rows - first;
            float w = weights[k];
            for (int r = 0; r < count; r++)
            {
                var row = m.Row(first + r);
                for (int t = 0; t < frames; t++) data[t * dims + offset + r] = row[t] * w;
            }
            offset += count;
        }
        return new FrameSequence(data, frames, dims);
    }

    /// <summary>
    /// Averages each run of <paramref name="factor"/> consecutive frames into one (a coarser hop: 4 × 512 samples
    /// at 22050 Hz ≈ 93 ms, the hop docs/retrieval.md measured). A trailing partial run is averaged too.
    /// </summary>
    public FrameSequence AverageFrames(int factor)
    {
        if (factor < 1) throw new ArgumentOutOfRangeException(nameof(factor));
        if (factor == 1) return new FrameSequence((float[])Data.Clone(), Frames, Dims);
        int outFrames = (Frames + factor - 1) / factor;
        var data = new float[outFrames * Dims];
        for (int o = 0; o < outFrames; o++)
        {
            int start = o * factor, end = Math.Min(Frames, start + factor);
            var dest = data.AsSpan(o * Dims, Dims);
            for (int t = start; t < end; t++) System.Numerics.Tensors.TensorPrimitives.Add(dest, Frame(t), dest);
            System.Numerics.Tensors.TensorPrimitives.Multiply(dest, 1f / (end - start), dest);
        }
        return new FrameSequence(data, outFrames, Dims);
    }
}
