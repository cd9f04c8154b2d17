using System.Numerics;
using System.Runtime.InteropServices;

namespace TuneBot.Core.Themes;

/// <summary>SIMD kernels shared by the clustering code (k-means, silhouette, prediction).</summary>
public static class VectorMath
{
    /// <summary>Squared Euclidean distance Σ (aᵢ − bᵢ)² of two equally long vectors.</summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Vectors must have the same length.");
        int i = 0;
        double sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            var acc = Vector<double>.Zero;
            for (int v = 0; v < va.Length; v++)
            {
                var d = va[v] - vb[v];
                acc += d * d;
            }
            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }
        for (; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /// <summary>Euclidean distance √Σ (aᵢ − bᵢ)².</summary>
    public static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Math.Sqrt(SquaredDistance(a, b));
}
