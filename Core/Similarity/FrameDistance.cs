using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TuneBot.Core.Similarity;

/// <summary>
/// Distances between frames (librosa.sequence.dtw's default cost: Euclidean, i.e. scipy cdist 'euclidean').
/// <see cref="SquaredEuclidean"/> and <see cref="SquaredToBox"/> share one accumulation structure (same SIMD
/// lanes, same order), so in floating point the box distance of a frame to an envelope that contains a frame q
/// is never larger than its distance to q — the lower bounds stay lower bounds after rounding.
/// </summary>
public static class FrameDistance
{
    /// <summary>Euclidean distance between two frames of equal length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Euclidean(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => MathF.Sqrt(SquaredEuclidean(a, b));

    /// <summary>Squared Euclidean distance between two frames of equal length (SIMD, 8 lanes on AVX2).</summary>
    public static float SquaredEuclidean(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Frames must have the same length.", nameof(b));
        int n = a.Length, i = 0;
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        float sum = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var d = Vector256.LoadUnsafe(ref pa, (nuint)i) - Vector256.LoadUnsafe(ref pb, (nuint)i);
                acc += d * d;
            }
            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && n >= 4)
        {
            var acc = Vector128<float>.Zero;
            for (; i <= n - 4; i += 4)
            {
                var d = Vector128.LoadUnsafe(ref pa, (nuint)i) - Vector128.LoadUnsafe(ref pb, (nuint)i);
                acc += d * d;
            }
            sum = Vector128.Sum(acc);
        }
        for (; i < n; i++)
        {
            float d = Unsafe.Add(ref pa, i) - Unsafe.Add(ref pb, i);
            sum += d * d;
        }
        return sum;
    }

    /// <summary>
    /// Squared Euclidean distance from frame <paramref name="x"/> to the axis-aligned box [lower, upper] (0 inside):
    /// the multivariate LB_Keogh term, since any frame inside the box is at least this far from x.
    /// </summary>
    public static float SquaredToBox(ReadOnlySpan<float> x, ReadOnlySpan<float> lower, ReadOnlySpan<float> upper)
    {
        if (x.Length != lower.Length || x.Length != upper.Length) throw new ArgumentException("Frames must have the same length.", nameof(x));
        int n = x.Length, i = 0;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pl = ref MemoryMarshal.GetReference(lower);
        ref float pu = ref MemoryMarshal.GetReference(upper);
        float sum = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var v = Vector256.LoadUnsafe(ref px, (nuint)i);
                // Clamping x into the box gives the box's nearest point; x − clamp(x) is the excess per dimension.
                var d = v - Vector256.Min(Vector256.Max(v, Vector256.LoadUnsafe(ref pl, (nuint)i)), Vector256.LoadUnsafe(ref pu, (nuint)i));
                acc += d * d;
            }
            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && n >= 4)
        {
            var acc = Vector128<float>.Zero;
            for (; i <= n - 4; i += 4)
            {
                var v = Vector128.LoadUnsafe(ref px, (nuint)i);
                var d = v - Vector128.Min(Vector128.Max(v, Vector128.LoadUnsafe(ref pl, (nuint)i)), Vector128.LoadUnsafe(ref pu, (nuint)i));
                acc += d * d;
            }
            sum = Vector128.Sum(acc);
        }
        for (; i < n; i++)
        {
            float v = Unsafe.Add(ref px, i);
            float d = v - Math.Min(Math.Max(v, Unsafe.Add(ref pl, i)), Unsafe.Add(ref pu, i));
            sum += d * d;
        }
        return sum;
    }
}
