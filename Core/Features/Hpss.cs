using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace TuneBot.Core.Features;

/// <summary>
/// Harmonic–percussive source separation as librosa.effects.hpss does it with its defaults, reduced to what the
/// features need (librosa.feature.rms of each separated signal):
/// <list type="number">
/// <item>H = median of |X| over 31 frames (time), P = median of |X| over 31 bins (frequency), scipy's
/// "reflect" edges (librosa.decompose.hpss, kernel_size 31);</item>
/// <item>soft mask M_H = H²/(H² + P²) evaluated as librosa.util.softmask does (power 2, margin 1, rescaled by
/// max(H, P); cells where both are below the smallest normal float get 0.5, split_zeros);</item>
/// <item>y_H = istft(X · M_H) trimmed to the input length; y_P = istft(X · M_P);</item>
/// <item>RMS over 2048-sample frames, hop 512, centred with zero padding (librosa.feature.rms(y=…)).</item>
/// </list>
/// </summary>
public static class Hpss
{
    /// <summary>librosa's default median-filter width, in frames (harmonic) and bins (percussive).</summary>
    public const int KernelSize = 31;

    /// <summary>
    /// Separation of the clip whose STFT is <paramref name="spectrogram"/> and whose samples are
    /// <paramref name="samples"/> (the exact input length is needed for the trimmed inverse STFT).
    /// Since M_H + M_P = 1 in every cell and the STFT of <paramref name="samples"/> is inverted exactly by the
    /// centred overlap-add, istft(X·M_P) = samples − istft(X·M_H): one inverse STFT instead of two.
    /// </summary>
    /// <returns>Harmonic and percussive RMS, 1 × spectrogram.Frames each.</returns>
    public static HpssResult Compute(Spectrogram spectrogram, ReadOnlySpan<float> samples)
    {
        if (Stft.FrameCount(samples.Length, spectrogram.HopLength) != spectrogram.Frames)
            throw new ArgumentException("The samples do not match the spectrogram's frame count.", nameof(samples));
        int cells = spectrogram.Frames * spectrogram.Bins;
        var maskArray = LargeBufferPool.Rent(cells);
        var harmonicArray = LargeBufferPool.Rent(samples.Length);
        try
        {
            var mask = maskArray.AsSpan(0, cells);
            var harmonic = harmonicArray.AsSpan(0, samples.Length);
            ComputeHarmonicMask(spectrogram, mask);
            Istft.ComputeInto(spectrogram, mask, harmonic);
            return new HpssResult(
                FramewiseRms(harmonic, default, spectrogram.Frames, spectrogram.NFft, spectrogram.HopLength),
                FramewiseRms(samples, harmonic, spectrogram.Frames, spectrogram.NFft, spectrogram.HopLength));
        }
        finally
        {
            LargeBufferPool.Return(maskArray);
            LargeBufferPool.Return(harmonicArray);
        }
    }

    /// <summary>
    /// Separation from the spectrogram alone: both parts are inverted, and the input length is taken as
    /// (Frames − 1) · hop (the shortest input with that many frames; only the last frame or two can differ
    /// from librosa's). Prefer <see cref="Compute(Spectrogram, ReadOnlySpan{float})"/> when the samples are at hand.
    /// </summary>
    /// <returns>Harmonic and percussive RMS, 1 × spectrogram.Frames each.</returns>
    public static HpssResult Compute(Spectrogram spectrogram)
    {
        int length = Math.Max(0, (spectrogram.Frames - 1) * spectrogram.HopLength);
        var harmonicMask = HarmonicMask(spectrogram);
        var harmonic = Istft.Compute(spectrogram, length, harmonicMask);
        var percussiveMask = harmonicMask; // reused in place: M_P = 1 − M_H
        TensorPrimitives.Subtract(1f, harmonicMask, percussiveMask);
        var percussive = Istft.Compute(spectrogram, length, percussiveMask);
        return new HpssResult(
            FramewiseRms(harmonic, default, spectrogram.Frames, spectrogram.NFft, spectrogram.HopLength),
            FramewiseRms(percussive, default, spectrogram.Frames, spectrogram.NFft, spectrogram.HopLength));
    }

    /// <summary>
    /// The harmonic soft mask M_H (frames × bins, frame-major like the spectrogram); M_P = 1 − M_H.
    /// </summary>
    public static float[] HarmonicMask(Spectrogram spectrogram)
    {
        var mask = new float[spectrogram.Frames * spectrogram.Bins];
        ComputeHarmonicMask(spectrogram, mask);
        return mask;
    }

    /// <summary>
    /// Fills <paramref name="mask"/> with M_H. The time-direction median goes straight into it; the
    /// frequency-direction median is produced eight frames at a time into a small buffer and folded into the
    /// mask at once, so P never exists as a whole matrix.
    /// </summary>
    private static void ComputeHarmonicMask(Spectrogram spectrogram, Span<float> mask)
    {
        int frames = spectrogram.Frames, bins = spectrogram.Bins;
        var magnitude = spectrogram.Magnitude;
        MedianFilter.AcrossRows(magnitude, frames, bins, KernelSize, mask);
        const int Block = 8;
        var percussive = new float[Block * bins];
        int done = 0;
        while (done < frames)
        {
            // The last block overlaps its predecessor rather than running short; only new frames are folded in.
            int start = Math.Max(0, Math.Min(done, frames - Block));
            int rows = Math.Min(Block, frames - start);
            MedianFilter.AlongRows(magnitude.AsSpan(start * bins, rows * bins), rows, bins, KernelSize, percussive);
            int skip = done - start;
            var h = mask.Slice(done * bins, (rows - skip) * bins);
            SoftMask(h, percussive.AsSpan(skip * bins, (rows - skip) * bins), h);
            done = start + rows;
        }
    }

    /// <summary>
    /// librosa.util.softmask(X, X_ref, power = 2, split_zeros = True) in float32, written to <paramref name="mask"/>
    /// (which may alias <paramref name="x"/>): with Z = max(X, X_ref), (X/Z)² / ((X/Z)² + (X_ref/Z)²), and 0.5 where
    /// Z is below the smallest normal float.
    /// </summary>
    public static void SoftMask(ReadOnlySpan<float> x, ReadOnlySpan<float> reference, Span<float> mask)
    {
        if (reference.Length != x.Length || mask.Length < x.Length) throw new ArgumentException("Shape mismatch.");
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var tiny = Vector256.Create(Istft.SmallestNormal);
            var half = Vector256.Create(0.5f);
            for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var a = Vector256.Create(x.Slice(i, Vector256<float>.Count));
                var b = Vector256.Create(reference.Slice(i, Vector256<float>.Count));
                var z = Vector256.MaxNative(a, b);
                var bad = Vector256.LessThan(z, tiny);
                var zSafe = Vector256.ConditionalSelect(bad, Vector256<float>.One, z);
                var ma = a / zSafe;
                var mb = b / zSafe;
                ma *= ma;
                mb *= mb;
                var m = ma / (ma + mb);
                Vector256.ConditionalSelect(bad, half, m).CopyTo(mask.Slice(i, Vector256<float>.Count));
            }
        }
        for (; i < x.Length; i++)
        {
            float a = x[i], b = reference[i];
            float z = MathF.Max(a, b);
            if (z < Istft.SmallestNormal) { mask[i] = 0.5f; continue; }
            float ma = a / z, mb = b / z;
            ma *= ma;
            mb *= mb;
            mask[i] = ma / (ma + mb);
        }
    }

    /// <summary>
    /// librosa.feature.rms(y = signal − subtrahend) (subtrahend optional) with frame_length = n_fft, the given hop,
    /// center = True and zero padding: √(mean of squares) over each frame of the padded signal.
    /// </summary>
    private static FeatureMatrix FramewiseRms(ReadOnlySpan<float> signal, ReadOnlySpan<float> subtrahend, int frames, int frameLength, int hopLength)
    {
        var rms = new FeatureMatrix(1, frames);
        int pad = frameLength / 2;
        bool difference = !subtrahend.IsEmpty;
        for (int t = 0; t < frames; t++)
        {
            int start = Math.Max(0, t * hopLength - pad);
            int end = Math.Min(signal.Length, t * hopLength - pad + frameLength);
            double sum = 0;
            if (end > start)
            {
                if (difference)
                {
                    double d = TensorPrimitives.Distance(signal[start..end], subtrahend[start..end]);
                    sum = d * d;
                }
                else
                {
                    sum = TensorPrimitives.SumOfSquares(signal[start..end]);
                }
            }
            rms[0, t] = (float)Math.Sqrt(sum / frameLength);
        }
        return rms;
    }
}
