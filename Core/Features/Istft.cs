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
        var y = new float[length];
        ComputeInto(spectrogram, mask, y);
        return y;
    }

    /// <summary><see cref="Compute"/> into <paramref name="output"/>, whose length is librosa's <c>length</c>.</summary>
    internal static void ComputeInto(Spectrogram spectrogram, ReadOnlySpan<float> mask, Span<float> output)
    {
        int length = output.Length;
        int n = spectrogram.NFft, hop = spectrogram.HopLength, bins = spectrogram.Bins;
        if (!mask.IsEmpty && mask.Length < spectrogram.Frames * bins) throw new ArgumentException("Mask must be frames × bins.", nameof(mask));
        int pad = n / 2;
        // librosa only inverts the frames that can reach the requested length.
        int frames = (int)Math.Min(spectrogram.Frames, (length + 2L * pad + hop - 1) / hop);
        output.Clear();
        if (frames == 0) return;
        int paddedLength = Math.Max(length + 2 * pad, (frames - 1) * hop + n);
        var accumulatedArray = LargeBufferPool.Rent(paddedLength);
        try
        {
            var accumulated = accumulatedArray.AsSpan(0, paddedLength);
            accumulated.Clear();
            var window = Stft.HannWindow(n);
            if (InverseRealFftBatch.IsSupported && n >= 64)
            {
                var batched = new InverseRealFftBatch(n);
                for (int t = 0; t < frames; t += InverseRealFftBatch.Lanes)
                    batched.InverseOverlapAdd(spectrogram.Real, spectrogram.Imag, mask, t, Math.Min(InverseRealFftBatch.Lanes, frames - t), window, hop, accumulated);
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
                    var target = accumulated.Slice(t * hop, n);
                    TensorPrimitives.MultiplyAdd(frame, window, target, target);
                }
            }
            NormaliseByWindowSum(accumulated, window, frames, hop, pad, output);
        }
        finally
        {
            LargeBufferPool.Return(accumulatedArray);
        }
    }

    /// <summary>
    /// output[i] = accumulated[i + pad] / Σ_t window²[i + pad − t·hop] where that sum exceeds the smallest normal
    /// float (librosa.filters.window_sumsquare over the inverted frames, float32, frames added in order).
    /// Where every frame that can cover a position exists, the sum depends only on the position modulo the hop,
    /// so it is tabulated once for the interior and summed directly only near the ends.
    /// </summary>
    private static void NormaliseByWindowSum(ReadOnlySpan<float> accumulated, float[] window, int frames, int hop, int pad, Span<float> output)
    {
        int n = window.Length, length = output.Length;
        var squared = new float[n];
        TensorPrimitives.Multiply(window, window, squared);
        var periodic = new float[hop];
        for (int r = 0; r < hop; r++)
        {
            float ws = 0;
            for (int offset = r + (n - 1 - r) / hop * hop; offset >= 0; offset -= hop) ws += squared[offset];
            periodic[r] = ws;
        }
        bool periodicUsable = TensorPrimitives.Min(periodic) > SmallestNormal;
        int lo = n - 1, hi = (frames - 1) * hop; // positions every window that can touch them is present
        int i = 0;
        while (i < length)
        {
            int p = i + pad;
            if (periodicUsable && p >= lo && p <= hi)
            {
                int r = p % hop;
                int count = Math.Min(Math.Min(hop - r, hi - p + 1), length - i);
                TensorPrimitives.Divide(accumulated.Slice(p, count), periodic.AsSpan(r, count), output.Slice(i, count));
                i += count;
                continue;
            }
            int tMax = Math.Min(frames - 1, p / hop);
            int tMin = Math.Max(0, p - n + hop >= 0 ? (p - n + hop) / hop : 0);
            float sum = 0;
            for (int t = tMin; t <= tMax; t++)
            {
                int offset = p - t * hop;
                if (offset < n) sum += squared[offset];
            }
            output[i] = sum > SmallestNormal ? accumulated[p] / sum : accumulated[p];
            i++;
        }
    }
}
