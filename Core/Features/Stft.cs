namespace TuneBot.Core.Features;

/// <summary>
/// librosa.stft with its defaults: n_fft 2048, hop 512, periodic Hann window, center = True with zero padding
/// (pad_mode "constant", librosa ≥ 0.10). Frame count = 1 + ⌊len / hop⌋ (30 s at 22050 Hz → 1292).
/// </summary>
public static class Stft
{
    public const int DefaultNFft = 2048;
    public const int DefaultHopLength = 512;

    /// <summary>Periodic Hann window (scipy.signal.get_window("hann", n, fftbins=True)).</summary>
    public static float[] HannWindow(int n)
    {
        var w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float)(0.5 - 0.5 * Math.Cos(2.0 * Math.PI * i / n));
        return w;
    }

    public static int FrameCount(int samples, int hopLength = DefaultHopLength) => 1 + samples / hopLength;

    /// <summary>
    /// The STFT of <paramref name="samples"/> with |X| and |X|² filled in as well (every feature needs one of them).
    /// Frames are transformed <see cref="RealFftBatch.Lanes"/> at a time, one per SIMD lane.
    /// </summary>
    public static Spectrogram Compute(ReadOnlySpan<float> samples, int sampleRate, int nFft = DefaultNFft, int hopLength = DefaultHopLength) =>
        Compute(samples, sampleRate, nFft, hopLength, pooled: false);

    /// <summary>
    /// As <see cref="Compute(ReadOnlySpan{float}, int, int, int)"/>, the arrays on loan from a pool of large buffers:
    /// dispose the spectrogram when done (its arrays may be longer than <see cref="Spectrogram.Cells"/>).
    /// </summary>
    public static Spectrogram ComputePooled(ReadOnlySpan<float> samples, int sampleRate, int nFft = DefaultNFft, int hopLength = DefaultHopLength) =>
        Compute(samples, sampleRate, nFft, hopLength, pooled: true);

    private static Spectrogram Compute(ReadOnlySpan<float> samples, int sampleRate, int nFft, int hopLength, bool pooled)
    {
        if (nFft < 16 || (nFft & (nFft - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(nFft), nFft, "n_fft must be a power of two ≥ 16.");
        if (hopLength < 1) throw new ArgumentOutOfRangeException(nameof(hopLength));
        int frames = FrameCount(samples.Length, hopLength);
        int bins = nFft / 2 + 1;
        var re = Spectrogram.NewArray(frames * bins, pooled);
        var im = Spectrogram.NewArray(frames * bins, pooled);
        var power = Spectrogram.NewArray(frames * bins, pooled);
        var magnitude = Spectrogram.NewArray(frames * bins, pooled);
        var window = HannWindow(nFft);
        var fft = new RealFftBatch(nFft);
        int lanes = RealFftBatch.Lanes;
        var padded = new float[nFft];
        int pad = nFft / 2;
        for (int t0 = 0; t0 < frames; t0 += lanes)
        {
            int used = Math.Min(lanes, frames - t0);
            int firstStart = t0 * hopLength - pad;
            if (used == lanes && firstStart >= 0 && firstStart + (long)(lanes - 1) * hopLength + nFft <= samples.Length)
            {
                fft.LoadFrames(samples, firstStart, hopLength, window);
                fft.Transform(re.AsSpan(t0 * bins), im.AsSpan(t0 * bins), power.AsSpan(t0 * bins), magnitude.AsSpan(t0 * bins), used);
                continue;
            }
            for (int j = 0; j < lanes; j++)
            {
                if (j >= used) { fft.Clear(j); continue; }
                int start = (t0 + j) * hopLength - pad; // position of frame sample 0 in the unpadded signal
                if (start >= 0 && start + nFft <= samples.Length)
                {
                    fft.Load(j, samples.Slice(start, nFft), window);
                }
                else
                {
                    for (int i = 0; i < nFft; i++)
                    {
                        int s = start + i;
                        padded[i] = (uint)s < (uint)samples.Length ? samples[s] : 0f;
                    }
                    fft.Load(j, padded, window);
                }
            }
            int o = t0 * bins;
            fft.Transform(re.AsSpan(o), im.AsSpan(o), power.AsSpan(o), magnitude.AsSpan(o), used);
        }
        return new Spectrogram(frames, bins, nFft, hopLength, sampleRate, re, im, magnitude, power, pooled);
    }
}
