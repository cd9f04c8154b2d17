using MathNet.Numerics.LinearAlgebra;
using TuneBot.Core.Map;

namespace TuneBot.Core.Themes;

/// <summary>
/// Principal component analysis: the catalog map's layout above <see cref="MapLayout.TsneMaxTracks"/> (a fixed
/// linear projection, linear in the catalog's size) and the deterministic start of <see cref="Tsne"/>.
/// </summary>
public sealed class Pca
{
    private Pca(double[] mean, double[][] components, double[] explained)
    {
        Mean = mean;
        Components = components;
        ExplainedVarianceRatio = explained;
    }

    /// <summary>Per-feature mean of the fitted points.</summary>
    public double[] Mean { get; }

    /// <summary>Unit-length principal axes, strongest first (components × features).</summary>
    public double[][] Components { get; }

    /// <summary>Share of the total variance along each component (0 … 1).</summary>
    public double[] ExplainedVarianceRatio { get; }

    /// <summary>
    /// Fits <paramref name="components"/> axes to the points (n ≥ 1 vectors of equal length d; components ≤ d)
    /// by eigendecomposition of the d × d covariance matrix. Signs are fixed (the largest-magnitude loading of each
    /// axis is positive), so the same data always gives the same picture.
    /// </summary>
    public static Pca Fit(IReadOnlyList<double[]> points, int components = 2)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0) throw new ArgumentException("No points.", nameof(points));
        int n = points.Count, d = points[0].Length;
        if (components < 1 || components > d) throw new ArgumentOutOfRangeException(nameof(components));
        var mean = new double[d];
        foreach (var p in points) for (int j = 0; j < d; j++) mean[j] += p[j];
        for (int j = 0; j < d; j++) mean[j] /= n;

        var covariance = Matrix<double>.Build.Dense(d, d);
        var centred = new double[d];
        foreach (var p in points)
        {
            for (int j = 0; j < d; j++) centred[j] = p[j] - mean[j];
            for (int a = 0; a < d; a++)
            {
                if (centred[a] == 0) continue;
                for (int b = a; b < d; b++) covariance[a, b] += centred[a] * centred[b];
            }
        }
        for (int a = 0; a < d; a++)
            for (int b = a; b < d; b++)
            {
                double v = covariance[a, b] / Math.Max(1, n - 1);
                covariance[a, b] = v;
                covariance[b, a] = v;
            }

        var evd = covariance.Evd(Symmetricity.Symmetric);
        var eigenvalues = evd.EigenValues.Select(c => Math.Max(0, c.Real)).ToArray();
        var order = Enumerable.Range(0, d).OrderByDescending(i => eigenvalues[i]).ThenBy(i => i).ToArray();
        double total = eigenvalues.Sum();
        var axes = new double[components][];
        var explained = new double[components];
        for (int c = 0; c < components; c++)
        {
            var axis = evd.EigenVectors.Column(order[c]).ToArray();
            double norm = Math.Sqrt(axis.Sum(x => x * x));
            int strongest = 0;
            for (int j = 1; j < d; j++) if (Math.Abs(axis[j]) > Math.Abs(axis[strongest]) + 1e-12) strongest = j;
            double sign = axis[strongest] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) axis[j] = norm > 0 ? sign * axis[j] / norm : 0;
            axes[c] = axis;
            explained[c] = total > 0 ? eigenvalues[order[c]] / total : 0;
        }
        return new Pca(mean, axes, explained);
    }

    /// <summary>Coordinates of one point (same space as the fitted points) on the components.</summary>
    public double[] Project(ReadOnlySpan<double> point)
    {
        if (point.Length != Mean.Length) throw new ArgumentException($"Expected {Mean.Length} features, got {point.Length}.");
        var result = new double[Components.Length];
        for (int c = 0; c < Components.Length; c++)
        {
            double s = 0;
            for (int j = 0; j < point.Length; j++) s += (point[j] - Mean[j]) * Components[c][j];
            result[c] = s;
        }
        return result;
    }
}
