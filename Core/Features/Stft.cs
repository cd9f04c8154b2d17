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

    public static Spectrogram Compute(ReadOnlySpan<float> samples, int sampleRate, int nFft = DefaultNFft, int hopLength = DefaultHopLength)
    {
        int frames = FrameCount(samples.Length, hopLength);
        int bins = nFft / 2 + 1;
        var re = new float[frames * bins];
        var im = new float[frames * bins];
        var window = HannWindow(nFft);
        var fft = new RealFft(nFft);
        var frame = new float[nFft];
        int pad = nFft / 2;
        for (int t = 0; t < frames; t++)
        {
            int start = t * hopLength - pad; // position of frame sample 0 in the unpadded signal
            for (int i = 0; i < nFft; i++)
            {
                int s = start + i;
                frame[i] = (uint)s < (uint)samples.Length ? samples[s] * window[i] : 0f;
            }
            fft.Forward(frame, re.AsSpan(t * bins, bins), im.AsSpan(t * bins, bins));
        }
        return new Spectrogram(frames, bins, nFft, hopLength, sampleRate, re, im);
    }
}
