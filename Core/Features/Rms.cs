namespace TuneBot.Core.Features;

/// <summary>
/// librosa.feature.rms. The reference feature set uses rms(y = samples): the root mean square of each unwindowed
/// frame of 2048 samples every 512, centred by zero padding (pad_mode "constant"). <see cref="FromSpectrogram"/> is
/// rms(S = |STFT|) for when only a spectrogram exists (e.g. HPSS output); it sees the Hann-windowed frame, so on
/// steady signals it is about √(3/8) of the time-domain value.
/// </summary>
public static class Rms
{
    /// <summary>RMS per frame from samples, 1 × (1 + ⌊len / hop⌋) (librosa.feature.rms(y=…), center=True).</summary>
    /// <param name="samples">Mono samples.</param>
    /// <param name="frameLength">Samples per frame (default 2048).</param>
    /// <param name="hopLength">Samples between frames (default 512).</param>
    public static FeatureMatrix Compute(ReadOnlySpan<float> samples, int frameLength = Stft.DefaultNFft, int hopLength = Stft.DefaultHopLength)
    {
        if (frameLength < 1) throw new ArgumentOutOfRangeException(nameof(frameLength));
        if (hopLength < 1) throw new ArgumentOutOfRangeException(nameof(hopLength));
        int n = samples.Length;
        var result = new FeatureMatrix(1, n == 0 ? 0 : 1 + n / hopLength);
        if (n == 0) return result;
        // Prefix sums of squares in double: each frame's energy is one subtraction; the zero padding contributes nothing.
        var prefix = new double[n + 1];
        double acc = 0;
        for (int i = 0; i < n; i++) { acc += (double)samples[i] * samples[i]; prefix[i + 1] = acc; }
        int pad = frameLength / 2;
        for (int t = 0; t < result.Frames; t++)
        {
            int start = t * hopLength - pad;
            int lo = Math.Clamp(start, 0, n), hi = Math.Clamp(start + frameLength, 0, n);
            result.Data[t] = (float)Math.Sqrt(Math.Max(0, prefix[hi] - prefix[lo]) / frameLength);
        }
        return result;
    }

    /// <summary>
    /// librosa.feature.rms(S = |X|): by Parseval the windowed frame's mean square is 2·Σ|X_k|² / frame_length², with the
    /// DC and Nyquist bins (which have no mirror image) counted once. 1 × T.
    /// </summary>
    public static FeatureMatrix FromSpectrogram(Spectrogram spectrogram) =>
        FromPower(spectrogram.Power, spectrogram.Frames, spectrogram.Bins, spectrogram.NFft);

    /// <summary>As <see cref="FromSpectrogram"/> from a frame-major power spectrogram (|X|²), frames × bins.</summary>
    public static FeatureMatrix FromPower(ReadOnlySpan<float> power, int frames, int bins, int frameLength)
    {
        if (bins != frameLength / 2 + 1) throw new ArgumentException($"{bins} bins do not match frame length {frameLength}.", nameof(bins));
        var result = new FeatureMatrix(1, frames);
        double scale = 2.0 / ((double)frameLength * frameLength);
        bool evenLength = frameLength % 2 == 0;
        for (int t = 0; t < frames; t++)
        {
            var x = power.Slice(t * bins, bins);
            double sum = System.Numerics.Tensors.TensorPrimitives.Sum(x) - 0.5 * x[0];
            if (evenLength) sum -= 0.5 * x[bins - 1];
            result.Data[t] = (float)Math.Sqrt(Math.Max(0, sum * scale));
        }
        return result;
    }
}
