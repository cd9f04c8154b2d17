namespace TuneBot.Core.Themes;

/// <summary>
/// Per-feature z-score: x′ = (x − mean) / scale, with the population standard deviation as scale (as
/// scikit-learn's StandardScaler). Summary vectors mix units (Hz, BPM, dB-like MFCCs, ratios), so without it the
/// spectral centroid in Hz would dominate every Euclidean distance.
/// </summary>
public sealed class Standardizer
{
    /// <summary>
    /// A feature whose standard deviation is at most this (relative to its magnitude, or absolutely) is treated
    /// as constant and gets scale 1, so it maps to 0 instead of dividing by (almost) zero — the same guard as
    /// StandardScaler's, which also keeps a constant feature from blowing up a new clip's distance.
    /// </summary>
    public const double ZeroVarianceEpsilon = 1e-12;

    /// <summary>Creates a standardizer from stored parameters (both arrays have one entry per feature).</summary>
    public Standardizer(double[] means, double[] scales)
    {
        ArgumentNullException.ThrowIfNull(means);
        ArgumentNullException.ThrowIfNull(scales);
        if (means.Length != scales.Length) throw new ArgumentException("Means and scales must have the same length.");
        foreach (var s in scales)
            if (!(s > 0) || double.IsInfinity(s)) throw new ArgumentException("Scales must be positive and finite.", nameof(scales));
        Means = means;
        Scales = scales;
    }

    /// <summary>Feature means (original units), one per feature.</summary>
    public double[] Means { get; }

    /// <summary>Feature scales (population standard deviations, 1 for constant features), one per feature.</summary>
    public double[] Scales { get; }

    /// <summary>Number of features.</summary>
    public int Dimensions => Means.Length;

    /// <summary>Fits means and scales to the rows (one vector per track, all the same length, at least one).</summary>
    public static Standardizer Fit(IReadOnlyList<double[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("At least one row is needed.", nameof(rows));
        int d = rows[0].Length;
        var means = new double[d];
        foreach (var row in rows)
        {
            if (row.Length != d) throw new ArgumentException("All rows must have the same length.", nameof(rows));
            for (int j = 0; j < d; j++) means[j] += row[j];
        }
        for (int j = 0; j < d; j++) means[j] /= rows.Count;

        var scales = new double[d];
        foreach (var row in rows)
            for (int j = 0; j < d; j++) { double x = row[j] - means[j]; scales[j] += x * x; }
        for (int j = 0; j < d; j++)
        {
            double s = Math.Sqrt(scales[j] / rows.Count);
            scales[j] = s <= ZeroVarianceEpsilon * Math.Max(1.0, Math.Abs(means[j])) || !double.IsFinite(s) ? 1.0 : s;
        }
        return new Standardizer(means, scales);
    }

    /// <summary>Standardises one vector (original units → z-scores). Non-finite inputs map to 0 (the mean).</summary>
    public double[] Transform(ReadOnlySpan<double> x)
    {
        if (x.Length != Means.Length) throw new ArgumentException($"Expected {Means.Length} features, got {x.Length}.");
        var z = new double[x.Length];
        for (int j = 0; j < x.Length; j++)
        {
            double v = (x[j] - Means[j]) / Scales[j];
            z[j] = double.IsFinite(v) ? v : 0.0;
        }
        return z;
    }

    /// <summary>Standardises every row.</summary>
    public double[][] Transform(IReadOnlyList<double[]> rows)
    {
        var result = new double[rows.Count][];
        for (int i = 0; i < rows.Count; i++) result[i] = Transform(rows[i]);
        return result;
    }

    /// <summary>Maps a standardised vector back to original units (e.g. a centroid, for theme rules).</summary>
    public double[] InverseTransform(ReadOnlySpan<double> z)
    {
        if (z.Length != Means.Length) throw new ArgumentException($"Expected {Means.Length} features, got {z.Length}.");
        var x = new double[z.Length];
        for (int j = 0; j < z.Length; j++) x[j] = Means[j] + z[j] * Scales[j];
        return x;
    }
}
