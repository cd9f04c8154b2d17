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
        int t = 0;
        // numpy.cumsum accumulates float32 left to right; each frame repeats that exactly (so ties resolve the same
        // way), and four frames run side by side so their dependency chains overlap.
        for (; t + 4 <= frames; t += 4)
        {
            var s0 = mag.AsSpan(t * bins, bins);
            var s1 = mag.AsSpan((t + 1) * bins, bins);
            var s2 = mag.AsSpan((t + 2) * bins, bins);
            var s3 = mag.AsSpan((t + 3) * bins, bins);
            float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f;
            for (int k = 0; k < bins; k++) { a0 += s0[k]; a1 += s1[k]; a2 += s2[k]; a3 += s3[k]; }
            float h0 = fraction * a0, h1 = fraction * a1, h2 = fraction * a2, h3 = fraction * a3;
            int b0 = -1, b1 = -1, b2 = -1, b3 = -1;
            a0 = a1 = a2 = a3 = 0f;
            for (int k = 0; k < bins && (b0 | b1 | b2 | b3) < 0; k++)
            {
                a0 += s0[k]; a1 += s1[k]; a2 += s2[k]; a3 += s3[k];
                if (b0 < 0 && a0 >= h0) b0 = k;
                if (b1 < 0 && a1 >= h1) b1 = k;
                if (b2 < 0 && a2 >= h2) b2 = k;
                if (b3 < 0 && a3 >= h3) b3 = k;
            }
            result.Data[t] = Frequency(spectrogram, b0);
            result.Data[t + 1] = Frequency(spectrogram, b1);
            result.Data[t + 2] = Frequency(spectrogram, b2);
            result.Data[t + 3] = Frequency(spectrogram, b3);
        }
        for (; t < frames; t++)
        {
            var s = mag.AsSpan(t * bins, bins);
            float total = 0f;
            for (int k = 0; k < s.Length; k++) total += s[k];
            float threshold = fraction * total;
            float cumulative = 0f;
            int bin = -1;
            for (int k = 0; k < s.Length; k++)
            {
                cumulative += s[k];
                if (cumulative >= threshold) { bin = k; break; }
            }
            result.Data[t] = Frequency(spectrogram, bin);
        }
        return result;
    }

    // The running sum always reaches the threshold by the last bin (NaN input aside: then the last bin, as a bound).
    private static float Frequency(Spectrogram spectrogram, int bin) =>
        (float)spectrogram.BinFrequency(bin < 0 ? spectrogram.Bins - 1 : bin);
}
