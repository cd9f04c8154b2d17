using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TuneBot.Core.Similarity;

/// <summary>
/// The cost matrix C[i, t] = ‖q_i − y_t‖ (Euclidean) of a query (N frames) against a whole track (M frames),
/// row-major N × M. Every window placement of the banded search reads its cells from here: one cell is shared
/// by the 2r + 1 placements whose band covers it, so computing C once per track instead of per placement saves
/// that factor. The track is first transposed to dimension-major so 8 consecutive track frames fill one AVX
/// register and a cell needs no horizontal sum; 4 query frames share each load.
/// The reference DP and the pruned search both read the values computed here, so they see identical floats.
/// </summary>
public static class FrameCostMatrix
{
    /// <summary>
    /// Fills <paramref name="destination"/> with C, row i at [i · stride, i · stride + m); the
    /// <paramref name="stride"/> − m padding cells of each row are set to +∞ (so vector reads past a row's end
    /// see "no such frame"). <paramref name="transposeScratch"/> needs m × d floats.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> query, int n, ReadOnlySpan<float> track, int m, int d,
        Span<float> transposeScratch, Span<float> destination, int stride)
    {
        if (query.Length < n * d || track.Length < m * d) throw new ArgumentException("Spans are shorter than frames × dims.");
        if (stride < m || destination.Length < n * stride || transposeScratch.Length < m * d) throw new ArgumentException("Scratch is too small.");
        for (int i = 0; i < n; i++) destination.Slice(i * stride + m, stride - m).Fill(float.PositiveInfinity);
        var yt = transposeScratch[..(m * d)];
        for (int t = 0; t < m; t++)
        {
            var f = track.Slice(t * d, d);
            for (int k = 0; k < d; k++) yt[k * m + t] = f[k];
        }
        ref float q = ref MemoryMarshal.GetReference(query);
        ref float y = ref MemoryMarshal.GetReference(yt);
        ref float c = ref MemoryMarshal.GetReference(destination);
        int t0 = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; t0 <= m - 8; t0 += 8)
            {
                int i = 0;
                for (; i <= n - 4; i += 4)
                {
                    Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                    for (int k = 0; k < d; k++)
                    {
                        var v = Vector256.LoadUnsafe(ref y, (nuint)(k * m + t0));
                        var d0 = v - Vector256.Create(Unsafe.Add(ref q, i * d + k));
                        var d1 = v - Vector256.Create(Unsafe.Add(ref q, (i + 1) * d + k));
                        var d2 = v - Vector256.Create(Unsafe.Add(ref q, (i + 2) * d + k));
                        var d3 = v - Vector256.Create(Unsafe.Add(ref q, (i + 3) * d + k));
                        a0 += d0 * d0; a1 += d1 * d1; a2 += d2 * d2; a3 += d3 * d3;
                    }
                    Vector256.Sqrt(a0).StoreUnsafe(ref c, (nuint)(i * stride + t0));
                    Vector256.Sqrt(a1).StoreUnsafe(ref c, (nuint)((i + 1) * stride + t0));
                    Vector256.Sqrt(a2).StoreUnsafe(ref c, (nuint)((i + 2) * stride + t0));
                    Vector256.Sqrt(a3).StoreUnsafe(ref c, (nuint)((i + 3) * stride + t0));
                }
                for (; i < n; i++)
                {
                    Vector256<float> a = default;
                    for (int k = 0; k < d; k++)
                    {
                        var diff = Vector256.LoadUnsafe(ref y, (nuint)(k * m + t0)) - Vector256.Create(Unsafe.Add(ref q, i * d + k));
                        a += diff * diff;
                    }
                    Vector256.Sqrt(a).StoreUnsafe(ref c, (nuint)(i * stride + t0));
                }
            }
        }
        for (; t0 < m; t0++)
            for (int i = 0; i < n; i++)
            {
                float a = 0;
                for (int k = 0; k < d; k++)
                {
                    float diff = Unsafe.Add(ref y, k * m + t0) - Unsafe.Add(ref q, i * d + k);
                    a += diff * diff;
                }
                Unsafe.Add(ref c, i * stride + t0) = MathF.Sqrt(a);
            }
    }
}
