using System.Numerics.Tensors;

namespace TuneBot.Core.Features;

/// <summary>
/// librosa.feature.chroma_stft with its defaults: the power spectrogram projected on a 12-bin
/// <see cref="ChromaFilterbank"/> tuned to the clip (<see cref="Tuning.Estimate(Spectrogram, int)"/>), each frame then
/// divided by its maximum (norm = ∞); frames whose maximum is below float32's smallest normal are left as they are.
/// </summary>
public static class Chroma
{
    /// <summary>Chromagram, 12 × T, values in [0, 1].</summary>
    /// <param name="spectrogram">The clip's STFT (its power spectrogram is used).</param>
    /// <param name="tuning">Tuning in fractions of a chroma bin; null (default) estimates it per clip like librosa,
    /// 0 skips the estimate (A440 grid).</param>
    /// <param name="nChroma">Chroma bins (default 12).</param>
    public static FeatureMatrix Compute(Spectrogram spectrogram, double? tuning = null, int nChroma = 12)
    {
        double t = tuning ?? Tuning.Estimate(spectrogram, nChroma);
        var bank = new ChromaFilterbank(spectrogram.SampleRate, spectrogram.NFft, t, nChroma);
        return Compute(spectrogram, bank);
    }

    /// <summary>Chromagram through a given filterbank (whose tuning is already chosen), Chroma × T.</summary>
    public static FeatureMatrix Compute(Spectrogram spectrogram, ChromaFilterbank bank)
    {
        if (bank.Bins != spectrogram.Bins) throw new ArgumentException("Filterbank and spectrogram disagree on n_fft.", nameof(bank));
        int frames = spectrogram.Frames, bins = spectrogram.Bins, n = bank.Chroma;
        var result = new FeatureMatrix(n, frames);
        var power = spectrogram.Power;
        var data = result.Data;
        Span<float> columns = n <= 64 ? stackalloc float[4 * n] : new float[4 * n]; // raw chroma of up to four frames, frame-major
        int t = 0;
        // Four frames per pass over the filterbank: each weight vector is loaded once for four frames.
        for (; t + 4 <= frames; t += 4)
        {
            for (int c = 0; c < n; c++)
                Dot4(bank.Row(c), power.AsSpan(t * bins, 4 * bins), bins, columns, c, n);
            for (int j = 0; j < 4; j++) Normalise(columns.Slice(j * n, n), data, t + j, frames);
        }
        for (; t < frames; t++)
        {
            var frame = power.AsSpan(t * bins, bins);
            var column = columns[..n];
            for (int c = 0; c < n; c++) column[c] = TensorPrimitives.Dot(bank.Row(c), frame);
            Normalise(column, data, t, frames);
        }
        return result;
    }

    private static void Normalise(Span<float> column, float[] data, int t, int frames)
    {
        float max = TensorPrimitives.MaxMagnitude(column);
        // util.normalize leaves columns whose norm is below tiny(float32) unnormalised.
        float scale = max < SmallestNormalFloat ? 1f : max;
        for (int c = 0; c < column.Length; c++) data[c * frames + t] = column[c] / scale;
    }

    /// <summary>Dot products of one weight row with four consecutive frames (frame j at j · bins).</summary>
    private static void Dot4(ReadOnlySpan<float> w, ReadOnlySpan<float> four, int bins, Span<float> columns, int c, int n)
    {
        var f0 = four[..bins];
        var f1 = four.Slice(bins, bins);
        var f2 = four.Slice(2 * bins, bins);
        var f3 = four.Slice(3 * bins, bins);
        int k = 0;
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int step = System.Numerics.Vector<float>.Count;
            System.Numerics.Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; k <= bins - step; k += step)
            {
                var wv = new System.Numerics.Vector<float>(w.Slice(k, step));
                a0 += wv * new System.Numerics.Vector<float>(f0.Slice(k, step));
                a1 += wv * new System.Numerics.Vector<float>(f1.Slice(k, step));
                a2 += wv * new System.Numerics.Vector<float>(f2.Slice(k, step));
                a3 += wv * new System.Numerics.Vector<float>(f3.Slice(k, step));
            }
            s0 = System.Numerics.Vector.Sum(a0); s1 = System.Numerics.Vector.Sum(a1);
            s2 = System.Numerics.Vector.Sum(a2); s3 = System.Numerics.Vector.Sum(a3);
        }
        for (; k < bins; k++)
        {
            s0 += w[k] * f0[k]; s1 += w[k] * f1[k]; s2 += w[k] * f2[k]; s3 += w[k] * f3[k];
        }
        columns[c] = s0;
        columns[n + c] = s1;
        columns[2 * n + c] = s2;
        columns[3 * n + c] = s3;
    }

    private const float SmallestNormalFloat = 1.17549435e-38f; // numpy.finfo(float32).tiny
}
