namespace TuneBot.Core.Features;

/// <summary>librosa.power_to_db: 10·log10(max(amin, S) / ref), floored at (clip max − top_db).</summary>
public static class Decibels
{
    /// <summary>
    /// Converts a power matrix to decibels (librosa.power_to_db with ref = 1, amin = 1e-10, top_db = 80 by default).
    /// The floor is relative to the maximum over the whole matrix (the whole clip), as librosa computes it.
    /// </summary>
    /// <param name="power">Power values (e.g. the Mels × T mel spectrogram); not modified.</param>
    /// <param name="reference">Reference power for 0 dB (default 1).</param>
    /// <param name="amin">Smallest power before the logarithm (default 1e-10 → −100 dB).</param>
    /// <param name="topDb">Dynamic range kept below the maximum in dB (default 80); null keeps everything.</param>
    /// <returns>A new matrix of the same shape, in dB.</returns>
    public static FeatureMatrix PowerToDb(FeatureMatrix power, double reference = 1.0, double amin = 1e-10, double? topDb = 80.0)
    {
        var result = new FeatureMatrix(power.Rows, power.Frames);
        PowerToDb(power.Data, result.Data, reference, amin, topDb);
        return result;
    }

    /// <summary>Span form of <see cref="PowerToDb(FeatureMatrix, double, double, double?)"/>; source and destination may be the same.</summary>
    public static void PowerToDb(ReadOnlySpan<float> power, Span<float> destination, double reference = 1.0, double amin = 1e-10, double? topDb = 80.0)
    {
        if (amin <= 0) throw new ArgumentOutOfRangeException(nameof(amin), "amin must be positive.");
        if (topDb is < 0) throw new ArgumentOutOfRangeException(nameof(topDb), "top_db must be non-negative.");
        if (destination.Length < power.Length) throw new ArgumentException("Destination is too short.", nameof(destination));
        float aminF = (float)amin;
        // librosa evaluates this in the input's precision (float32); ref's term is a scalar subtraction.
        float refDb = 10f * MathF.Log10(MathF.Max(aminF, (float)Math.Abs(reference)));
        var d0 = destination[..power.Length];
        System.Numerics.Tensors.TensorPrimitives.Max(power, aminF, d0);
        System.Numerics.Tensors.TensorPrimitives.Log10(d0, d0);
        System.Numerics.Tensors.TensorPrimitives.Multiply(d0, 10f, d0);
        if (refDb != 0f) System.Numerics.Tensors.TensorPrimitives.Subtract(d0, refDb, d0);
        float max = power.Length == 0 ? float.NegativeInfinity : System.Numerics.Tensors.TensorPrimitives.Max(d0);
        if (topDb is double range && power.Length > 0)
        {
            float floor = max - (float)range;
            var d = destination[..power.Length];
            System.Numerics.Tensors.TensorPrimitives.Max(d, floor, d);
        }
    }
}
