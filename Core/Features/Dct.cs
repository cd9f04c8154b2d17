using System.Numerics.Tensors;

namespace TuneBot.Core.Features;

/// <summary>
/// Orthonormal DCT-II (scipy.fft.dct(type=2, norm="ortho")) applied along the rows of a matrix, keeping the first
/// few coefficients: out[k, t] = s(k) · Σₙ x[n, t] · cos(π k (2n + 1) / 2N), s(0) = √(1/N), s(k > 0) = √(2/N).
/// The basis is precomputed; applying it is a small matrix product done as row-wise axpy over frames.
/// </summary>
public sealed class Dct
{
    private readonly float[] _basis; // Coefficients × Length, row-major

    /// <param name="length">Transform length N (number of input rows, e.g. 128 mel bands).</param>
    /// <param name="coefficients">Number of output coefficients kept (≤ N), e.g. 20 for MFCC.</param>
    public Dct(int length, int coefficients)
    {
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length));
        if (coefficients < 1 || coefficients > length) throw new ArgumentOutOfRangeException(nameof(coefficients));
        Length = length;
        Coefficients = coefficients;
        _basis = new float[coefficients * length];
        for (int k = 0; k < coefficients; k++)
        {
            double scale = Math.Sqrt((k == 0 ? 1.0 : 2.0) / length);
            for (int n = 0; n < length; n++)
                _basis[k * length + n] = (float)(scale * Math.Cos(Math.PI * k * (2 * n + 1) / (2.0 * length)));
        }
    }

    public int Length { get; }
    public int Coefficients { get; }

    /// <summary>Basis weight of input row <paramref name="n"/> in coefficient <paramref name="k"/>.</summary>
    public float this[int k, int n] => _basis[k * Length + n];

    /// <summary>Transforms each column of <paramref name="input"/> (Length × T) into a Coefficients × T matrix.</summary>
    public FeatureMatrix Transform(FeatureMatrix input)
    {
        if (input.Rows != Length) throw new ArgumentException($"Expected {Length} rows, got {input.Rows}.", nameof(input));
        var output = new FeatureMatrix(Coefficients, input.Frames);
        for (int k = 0; k < Coefficients; k++)
        {
            var dst = output.Row(k);
            for (int n = 0; n < Length; n++)
                TensorPrimitives.MultiplyAdd(input.Row(n), _basis[k * Length + n], dst, dst);
        }
        return output;
    }
}
