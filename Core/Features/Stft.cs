using System.Numerics.Tensors;

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
    /// The STFT of <paramref name="samples"/>, frame-major, with |X|² and |X| filled in too (every feature needs one of
    /// them, and computing them while a batch of frames is in cache is cheaper than a later pass).
    /// Frames are transformed eight at a time, one per SIMD lane (<see cref="BatchedRealFft"/>) where AVX exists.
    /// </summary>
    /// <param name="samples">Mono samples.</param>
    /// <param name="sampleRate">Hz, recorded in the result for frequency conversions.</param>
    /// <param name="nFft">Frame length and FFT size, a power of two (default 2048).</param>
    /// <param name="hopLength">Samples between frames (default 512).</param>
    /// <returns>(1 + ⌊len / hop⌋) frames × (n_fft / 2 + 1) bins.</returns>
    public static Spectrogram Compute(ReadOnlySpan<float> samples, int sampleRate, int nFft = DefaultNFft, int hopLength = DefaultHopLength)
    {
        if (nFft < 4 || (nFft & (nFft - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(nFft), nFft, "n_fft must be a power of two ≥ 4.");
        if (hopLength < 1) throw new ArgumentOutOfRangeException(nameof(hopLength));
        int frames = FrameCount(samples.Length, hopLength);
        int bins = nFft / 2 + 1;
        var re = GC.AllocateUninitializedArray<float>(frames * bins);
        var im = GC.AllocateUninitializedArray<float>(frames * bins);
        var power = GC.AllocateUninitializedArray<float>(frames * bins);
        var magnitude = GC.AllocateUninitializedArray<float>(frames * bins);
        var window = HannWindow(nFft);
        int pad = nFft / 2;
        // center = True: the signal with n_fft / 2 zeros on both sides; frame t starts at t·hop in it.
        var padded = new float[(frames - 1) * hopLength + nFft];
        samples[..Math.Min(samples.Length, padded.Length - pad)].CopyTo(padded.AsSpan(pad));

        if (BatchedRealFft.IsSupported && nFft >= 64)
        {
            var fft = new BatchedRealFft(nFft);
            for (int t0 = 0; t0 < frames; t0 += BatchedRealFft.Lanes)
            {
                int count = Math.Min(BatchedRealFft.Lanes, frames - t0);
                fft.ForwardFrames(padded, hopLength, window, t0, count, re, im);
                FillPowerAndMagnitude(re, im, power, magnitude, t0 * bins, count * bins);
            }
        }
        else
        {
            var fft = new RealFft(nFft);
            var frame = new float[nFft];
            for (int t = 0; t < frames; t++)
            {
                TensorPrimitives.Multiply(padded.AsSpan(t * hopLength, nFft), window, frame);
                fft.Forward(frame, re.AsSpan(t * bins, bins), im.AsSpan(t * bins, bins));
                FillPowerAndMagnitude(re, im, power, magnitude, t * bins, bins);
            }
        }
        return new Spectrogram(frames, bins, nFft, hopLength, sampleRate, re, im, magnitude, power);
    }

    private static void FillPowerAndMagnitude(float[] re, float[] im, float[] power, float[] magnitude, int offset, int length)
    {
        var r = re.AsSpan(offset, length);
        var i = im.AsSpan(offset, length);
        var p = power.AsSpan(offset, length);
        TensorPrimitives.Multiply(r, r, p);
        TensorPrimitives.FusedMultiplyAdd(i, i, p, p);
        TensorPrimitives.Sqrt(p, magnitude.AsSpan(offset, length));
    }
}
