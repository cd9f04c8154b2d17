using System.Numerics.Tensors;

namespace TuneBot.Core.Features;

/// <summary>
/// librosa.istft with the defaults that invert <see cref="Stft"/>: periodic Hann window of n_fft, center = True,
/// overlap-add of the windowed inverse FFTs divided by the summed squared window (librosa.filters.window_sumsquare)
/// wherever that sum exceeds the smallest normal float, output trimmed to a given length.
/// </summary>
public static class Istft
{
    // numpy.finfo(float32).tiny, librosa.util.tiny for float32 data.
    internal const float SmallestNormal = 1.17549435E-38f;

    /// <summary>
    /// Inverts <paramref name="spectrogram"/>, optionally after multiplying every cell by a real gain.
    /// </summary>
    /// <param name="spectrogram">A centred STFT (frame-major), e.g. from <see cref="Stft.Compute"/>.</param>
    /// <param name="length">Output length in samples (librosa's <c>length</c>; the input's length to undo the centring pad).</param>
    /// <param name="mask">Optional frames × bins gains, frame-major like the spectrogram (e.g. an HPSS soft mask).</param>
    /// <returns>The time signal, <paramref name="length"/> samples.</returns>
    public static float[] Compute(Spectrogram spectrogram, int length, ReadOnlySpan<float> mask = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int n = spectrogram.NFft, hop = spectrogram.HopLength, bins = spectrogram.Bins;
        if (!mask.IsEmpty && mask.Length < spectrogram.Frames * bins) throw new ArgumentException("Mask must be frames × bins.", nameof(mask));
        int pad = n / 2;
        // librosa only inverts the frames that can reach the requested length.
        int frames = (int)Math.Min(spectrogram.Frames, (length + 2L * pad + hop - 1) / hop);
        int paddedLength = Math.Max(length + 2 * pad, frames == 0 ? 0 : (frames - 1) * hop + n);
        var accumulated = new float[paddedLength];
        var windowSum = new float[paddedLength];
        var window = Stft.HannWindow(n);
        var windowSquared = new float[n];
        TensorPrimitives.Multiply(window, window, windowSquared);
        for (int t = 0; t < frames; t++)
        {
            var sum = windowSum.AsSpan(t * hop, n);
            TensorPrimitives.Add(sum, windowSquared, sum);
        }
        if (BatchedRealFft.IsSupported && n >= 64)
        {
            var batched = new BatchedRealFft(n);
            for (int t = 0; t < frames; t += BatchedRealFft.Lanes)
                batched.InverseOverlapAdd(spectrogram.Real, spectrogram.Imag, mask, t, Math.Min(BatchedRealFft.Lanes, frames - t), window, hop, accumulated);
        }
        else
        {
            var ifft = new InverseRealFft(n);
            var frame = new float[n];
            for (int t = 0; t < frames; t++)
            {
                int offset = t * bins;
                ifft.Inverse(spectrogram.Real.AsSpan(offset, bins), spectrogram.Imag.AsSpan(offset, bins), frame,
                    mask.IsEmpty ? default : mask.Slice(offset, bins));
                var target = accumulated.AsSpan(t * hop, n);
                TensorPrimitives.MultiplyAdd(frame, window, target, target);
            }
        }
        var y = new float[length];
        for (int i = 0; i < length; i++)
        {
            float ws = windowSum[i + pad];
            float v = accumulated[i + pad];
            y[i] = ws > SmallestNormal ? v / ws : v;
        }
        return y;
    }
}
