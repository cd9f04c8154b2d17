namespace TuneBot.Core.Similarity;

/// <summary>
/// Mean/variance normalisation of frame sequences. docs/retrieval.md: scaling matters more than the mean,
/// because loudness processing and noise on a phone recording change the dynamic range; and normalising a
/// whole track with its own statistics but a clip with the clip's is a mismatch, hence the per-window variant.
/// Which one the catalog and the query use is chosen by evaluation; both sides must use the same.
/// </summary>
public static class SequenceNormalization
{
    /// <summary>Floor on a dimension's standard deviation, so a constant dimension maps to 0 instead of NaN.</summary>
    public const float MinStd = 1e-6f;

    /// <summary>
    /// Per-sequence normalisation: each dimension minus its mean over all frames, divided by its population
    /// standard deviation (when <paramref name="scaleVariance"/>). Returns a new sequence.
    /// </summary>
    public static FrameSequence PerSequence(FrameSequence sequence, bool scaleVariance = true)
    {
        int n = sequence.Frames, d = sequence.Dims;
        var mean = new double[d];
        var sq = new double[d];
        var src = sequence.Data;
        for (int t = 0; t < n; t++)
            for (int k = 0; k < d; k++) { double v = src[t * d + k]; mean[k] += v; sq[k] += v * v; }
        var m = new float[d];
        var inv = new float[d];
        for (int k = 0; k < d; k++)
        {
            double mu = n == 0 ? 0 : mean[k] / n;
            double var = n == 0 ? 0 : Math.Max(0, sq[k] / n - mu * mu);
            m[k] = (float)mu;
            inv[k] = scaleVariance ? 1f / Math.Max(MinStd, (float)Math.Sqrt(var)) : 1f;
        }
        var data = new float[src.Length];
        for (int t = 0; t < n; t++)
            for (int k = 0; k < d; k++) data[t * d + k] = (src[t * d + k] - m[k]) * inv[k];
        return new FrameSequence(data, n, d);
    }

    /// <summary>
    /// Per-window normalisation: each frame is normalised by the mean and population standard deviation of the
    /// frames in a centred window of <paramref name="windowFrames"/> frames (clipped at the sequence ends), so
    /// a catalog track and an equally long clip cut from it see statistics over the same span of music.
    /// Running sums make it O(frames × dims) whatever the window.
    /// </summary>
    /// <param name="windowFrames">Window length in frames (≥ 1), e.g. 86 ≈ 8 s at the 93 ms hop.</param>
    public static FrameSequence PerWindow(FrameSequence sequence, int windowFrames, bool scaleVariance = true)
    {
        if (windowFrames < 1) throw new ArgumentOutOfRangeException(nameof(windowFrames));
        int n = sequence.Frames, d = sequence.Dims;
        var src = sequence.Data;
        // Prefix sums in double: the difference of two large prefix sums must keep float precision.
        var prefix = new double[(n + 1) * d];
        var prefixSq = new double[(n + 1) * d];
        for (int t = 0; t < n; t++)
            for (int k = 0; k < d; k++)
            {
                double v = src[t * d + k];
                prefix[(t + 1) * d + k] = prefix[t * d + k] + v;
                prefixSq[(t + 1) * d + k] = prefixSq[t * d + k] + v * v;
            }
        int before = (windowFrames - 1) / 2, after = windowFrames - 1 - before;
        var data = new float[src.Length];
        for (int t = 0; t < n; t++)
        {
            int lo = Math.Max(0, t - before), hi = Math.Min(n, t + after + 1);
            int count = hi - lo;
            for (int k = 0; k < d; k++)
            {
                double mu = (prefix[hi * d + k] - prefix[lo * d + k]) / count;
                double var = Math.Max(0, (prefixSq[hi * d + k] - prefixSq[lo * d + k]) / count - mu * mu);
                double scale = scaleVariance ? 1.0 / Math.Max(MinStd, Math.Sqrt(var)) : 1.0;
                data[t * d + k] = (float)((src[t * d + k] - mu) * scale);
            }
        }
        return new FrameSequence(data, n, d);
    }
}
