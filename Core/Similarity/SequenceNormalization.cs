namespace TuneBot.Core.Similarity;

/// <summary>
/// Mean/variance normalisation of frame sequences: scaling matters more than the mean, because loudness processing
/// and noise on a phone recording change the dynamic range (docs/retrieval.md). Catalog and query use the same.
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
}
