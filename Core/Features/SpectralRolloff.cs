namespace TuneBot.Core.Features;

/// <summary>
/// librosa.feature.spectral_rolloff: per frame the frequency of the lowest bin at which the cumulative magnitude
/// reaches roll_percent (default 0.85) of the frame's total.
/// </summary>
public static class SpectralRolloff
{
    public const double DefaultRollPercent = 0.85;

    /// <summary>Rolloff per frame, 1 × T, Hz; 0 for a frame with no energy (every bin satisfies 0 ≥ 0).</summary>
    /// <param name="rollPercent">Fraction of the frame's energy, in (0, 1) (default 0.85).</param>
    public static FeatureMatrix Compute(Spectrogram spectrogram, double rollPercent = DefaultRollPercent)
    {
        if (!(rollPercent > 0 && rollPercent < 1)) throw new ArgumentOutOfRangeException(nameof(rollPercent), "roll_percent must lie in (0, 1).");
        int frames = spectrogram.Frames, bins = spectrogram.Bins;
        var mag = spectrogram.Magnitude;
        var result = new FeatureMatrix(1, frames);
        float fraction = (float)rollPercent;
        for (int t = 0; t < frames; t++)
        {
            var s = mag.AsSpan(t * bins, bins);
            // numpy.cumsum accumulates float32 left to right; repeat it exactly so ties resolve the same way.
            float total = 0f;
            for (int k = 0; k < s.Length; k++) total += s[k];
            float threshold = fraction * total;
            float cumulative = 0f;
            int bin = bins - 1;
            for (int k = 0; k < s.Length; k++)
            {
                cumulative += s[k];
                if (cumulative >= threshold) { bin = k; break; }
            }
            result.Data[t] = (float)spectrogram.BinFrequency(bin);
        }
        return result;
    }
}
