namespace TuneBot.Core.Features;

/// <summary>
/// librosa.estimate_tuning as chroma_stft calls it: piptrack over the power spectrogram (fmin 150 Hz, fmax 4 kHz,
/// threshold 0.1 of each frame's maximum), keep the peaks whose interpolated magnitude is at least the median of
/// all peak magnitudes, then the most common deviation from the equal-tempered grid (A440) in a histogram with
/// bins of 0.01 semitone (librosa.pitch_tuning).
/// </summary>
public static class Tuning
{
    public const double DefaultFMin = 150.0;
    public const double DefaultFMax = 4000.0;
    public const double DefaultThreshold = 0.1;
    public const double DefaultResolution = 0.01;

    /// <summary>
    /// Estimated tuning offset in fractions of a semitone (bin), in [−0.5, 0.5), from a clip's power spectrogram,
    /// as librosa.feature.chroma_stft estimates it (it passes its power spectrogram to estimate_tuning).
    /// </summary>
    public static double Estimate(Spectrogram spectrogram, int binsPerOctave = 12) =>
        Estimate(spectrogram.Power, spectrogram.Frames, spectrogram.Bins, spectrogram.SampleRate, binsPerOctave: binsPerOctave);

    /// <summary>
    /// estimate_tuning over any frame-major non-negative spectrogram <paramref name="frames"/> × <paramref name="bins"/>
    /// (n_fft = 2·(bins − 1)).
    /// </summary>
    /// <param name="fMin">Lowest peak frequency considered, Hz (default 150).</param>
    /// <param name="fMax">Peaks must lie below this frequency, Hz (default 4000, capped at Nyquist).</param>
    /// <param name="threshold">A peak must exceed this fraction of its frame's maximum (default 0.1).</param>
    /// <param name="resolution">Histogram bin width in fractions of a bin (default 0.01).</param>
    /// <returns>Tuning deviation in fractions of a bin; 0 when no peak was found (librosa warns and returns 0).</returns>
    public static double Estimate(ReadOnlySpan<float> spectrum, int frames, int bins, int sampleRate,
        double fMin = DefaultFMin, double fMax = DefaultFMax, double threshold = DefaultThreshold,
        double resolution = DefaultResolution, int binsPerOctave = 12)
    {
        if (bins < 3) throw new ArgumentOutOfRangeException(nameof(bins));
        if (spectrum.Length < frames * bins) throw new ArgumentException("Spectrum is too short.", nameof(spectrum));
        int nFft = 2 * (bins - 1);
        fMin = Math.Max(fMin, 0);
        fMax = Math.Min(fMax, sampleRate / 2.0);
        double binHz = 1.0 / (nFft * (1.0 / sampleRate)); // numpy.fft.rfftfreq spacing
        // Bins in [fMin, fMax); bin 0 and the last bin can never be interior peaks with a parabolic shift,
        // but librosa allows the last bin as a peak, so keep the mask exact.
        int kLo = 0;
        while (kLo < bins && kLo * binHz < fMin) kLo++;
        int kHi = kLo;
        while (kHi < bins && kHi * binHz < fMax) kHi++;
        kLo = Math.Max(kLo, 1); // localmax is False at bin 0

        var pitches = new List<float>();
        var mags = new List<float>();
        float thresholdF = (float)threshold;
        for (int t = 0; t < frames; t++)
        {
            var s = spectrum.Slice(t * bins, bins);
            float refValue = thresholdF * System.Numerics.Tensors.TensorPrimitives.Max(s);
            for (int k = kLo; k < kHi; k++)
            {
                // util.localmax over S·(S > ref): x[k] > x[k−1] and x[k] ≥ x[k+1]; the last bin only needs x[k] > x[k−1].
                float x = s[k] > refValue ? s[k] : 0f;
                if (!(x > 0f)) continue; // a peak of the thresholded spectrum is above ref ≥ 0
                float prev = s[k - 1] > refValue ? s[k - 1] : 0f;
                if (!(x > prev)) continue;
                float shift = 0f, avg;
                if (k < bins - 1)
                {
                    float next = s[k + 1] > refValue ? s[k + 1] : 0f;
                    if (!(x >= next)) continue;
                    // Parabolic interpolation on the unthresholded S (librosa's _pi_stencil): shift = −b / a unless
                    // the vertex lies a bin or more away.
                    double a = (double)(s[k + 1] + s[k - 1]) - 2.0 * s[k];
                    double b = (double)(s[k + 1] - s[k - 1]) / 2.0;
                    if (Math.Abs(b) < Math.Abs(a)) shift = (float)(-b / a);
                    avg = (s[k + 1] - s[k - 1]) / 2f; // numpy.gradient, central difference
                }
                else
                {
                    avg = s[k] - s[k - 1]; // numpy.gradient's one-sided edge; the shift is 0 there anyway
                }
                float pitch = (float)((k + (double)shift) * sampleRate / nFft);
                float mag = s[k] + 0.5f * avg * shift;
                if (pitch > 0)
                {
                    pitches.Add(pitch);
                    mags.Add(mag);
                }
            }
        }
        if (pitches.Count == 0) return 0.0;

        float median = Median(mags);
        var selected = new List<float>(pitches.Count / 2 + 1);
        for (int i = 0; i < pitches.Count; i++)
            if (mags[i] >= median) selected.Add(pitches[i]);
        return FromFrequencies(selected.ToArray(), resolution, binsPerOctave);
    }

    /// <summary>
    /// librosa.pitch_tuning: the most frequent deviation of <paramref name="frequencies"/> (Hz) from the A440
    /// equal-tempered grid, as the left edge of the fullest histogram bin over [−0.5, 0.5] with
    /// ⌈1 / resolution⌉ bins. Non-positive frequencies are ignored; none left → 0.
    /// </summary>
    public static double FromFrequencies(ReadOnlySpan<float> frequencies, double resolution = DefaultResolution, int binsPerOctave = 12)
    {
        if (resolution <= 0 || resolution > 1) throw new ArgumentOutOfRangeException(nameof(resolution));
        int nBins = (int)Math.Ceiling(1.0 / resolution);
        // np.linspace(-0.5, 0.5, nBins + 1)
        var edges = new double[nBins + 1];
        double step = 1.0 / nBins;
        for (int i = 0; i < edges.Length; i++) edges[i] = i * step + -0.5;
        edges[nBins] = 0.5;
        var counts = new int[nBins];
        int used = 0;
        const float OctaveReference = 440f / 16f; // hz_to_octs: octaves above A0/… = log2(f / (A440 / 16))
        foreach (float f in frequencies)
        {
            if (!(f > 0)) continue;
            // librosa computes the residual in the input's precision (float32).
            float octs = MathF.Log2(f / OctaveReference);
            float scaled = binsPerOctave * octs;
            float residual = scaled - MathF.Floor(scaled); // np.mod(x, 1.0), always in [0, 1)
            if (residual >= 1f) residual = 0f;
            if (residual >= 0.5f) residual -= 1f;
            double r = residual;
            if (r < edges[0] || r > edges[nBins]) continue;
            // numpy.histogram's uniform-bin indexing, including its edge corrections.
            int idx = (int)((r - edges[0]) * (nBins / (edges[nBins] - edges[0])));
            if (idx == nBins) idx--;
            if (r < edges[idx]) idx--;
            else if (idx != nBins - 1 && r >= edges[idx + 1]) idx++;
            counts[idx]++;
            used++;
        }
        if (used == 0) return 0.0;
        int best = 0;
        for (int i = 1; i < nBins; i++) if (counts[i] > counts[best]) best = i;
        return edges[best];
    }

    private static float Median(List<float> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        int n = sorted.Length;
        // numpy.median: mean of the two middle values for an even count, evaluated in float32 here.
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2f;
    }
}
