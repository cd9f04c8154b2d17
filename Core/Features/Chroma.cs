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
        Span<float> column = stackalloc float[n];
        for (int t = 0; t < frames; t++)
        {
            var frame = power.AsSpan(t * bins, bins);
            for (int c = 0; c < n; c++) column[c] = TensorPrimitives.Dot(bank.Row(c), frame);
            float max = TensorPrimitives.MaxMagnitude(column);
            // util.normalize leaves columns whose norm is below tiny(float32) unnormalised.
            float scale = max < SmallestNormalFloat ? 1f : max;
            for (int c = 0; c < n; c++) data[c * frames + t] = column[c] / scale;
        }
        return result;
    }

    private const float SmallestNormalFloat = 1.17549435e-38f; // numpy.finfo(float32).tiny
}
