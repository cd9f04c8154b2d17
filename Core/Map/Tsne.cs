using System.Numerics;
using TuneBot.Core.Themes;

namespace TuneBot.Core.Map;

/// <summary>Settings of <see cref="Tsne.Embed"/>; the defaults are scikit-learn's.</summary>
public sealed record TsneOptions
{
    /// <summary>Effective number of neighbours each point attends to; capped at (n − 1) / 3 for small catalogs.</summary>
    public double Perplexity { get; init; } = 30;

    public int Iterations { get; init; } = 1000;

    /// <summary>The first iterations multiply the attractions, so clusters form before they settle.</summary>
    public int ExaggerationIterations { get; init; } = 250;
    public double EarlyExaggeration { get; init; } = 12;

    /// <summary>Seeds the tiny jitter added to the PCA start (it separates identical tracks); same seed, same map.</summary>
    public int Seed { get; init; } = 42;
}

/// <summary>
/// Exact t-SNE (van der Maaten &amp; Hinton 2008) to two dimensions: Gaussian neighbourhoods of a perplexity in the
/// input, Student-t ones in the picture, gradient descent with momentum and gains as scikit-learn does it. Exact
/// (O(n²) per iteration, no Barnes–Hut) because catalogs drawn this way are small (see <see cref="MapLayout"/>)
/// and exact is simpler to keep deterministic. Starts from the PCA picture, so the result depends only on the
/// data and the seed (and the machine's SIMD width, which orders the sums), and the overall arrangement
/// resembles the PCA one.
/// </summary>
public static class Tsne
{
    private const double MinGain = 0.01, MinProbability = 1e-12;

    /// <summary>Places <paramref name="points"/> (n vectors of equal length) in 2-D; returns n [x, y] pairs.</summary>
    public static double[][] Embed(IReadOnlyList<double[]> points, TsneOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        options ??= new TsneOptions();
        int n = points.Count;
        if (n == 0) return [];
        if (n == 1) return [[0.0, 0.0]];
        double perplexity = Math.Min(options.Perplexity, Math.Max(1.5, (n - 1) / 3.0));
        var p = JointProbabilities(points, perplexity);
        var (x, y) = Start(points, options.Seed);
        Optimise(p, x, y, options);
        double mx = x.Average(), my = y.Average();
        return Enumerable.Range(0, n).Select(i => new[] { x[i] - mx, y[i] - my }).ToArray();
    }

    /// <summary>Symmetric p_ij = (p_j|i + p_i|j) / 2n over pairs i &lt; j, row-major (see <see cref="RowStart"/>).</summary>
    public static double[] JointProbabilities(IReadOnlyList<double[]> points, double perplexity)
    {
        int n = points.Count;
        var conditional = new double[(long)n * n];
        var distances = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++) distances[j] = j == i ? 0 : VectorMath.SquaredDistance(points[i], points[j]);
            ConditionalRow(distances, i, perplexity, conditional.AsSpan(i * n, n));
        }
        var joint = new double[(long)n * (n - 1) / 2];
        for (int i = 0; i < n; i++)
        {
            long row = RowStart(i, n);
            for (int j = i + 1; j < n; j++)
                joint[row + j - i - 1] = Math.Max(MinProbability, (conditional[i * n + j] + conditional[j * n + i]) / (2.0 * n));
        }
        return joint;
    }

    /// <summary>
    /// p_j|i ∝ exp(−β d_ij) with β found by bisection so that the row's entropy is ln(perplexity) (as scikit-learn's
    /// _binary_search_perplexity; distances are shifted by the row's minimum so the exponentials never all underflow).
    /// </summary>
    private static void ConditionalRow(double[] distances, int self, double perplexity, Span<double> row)
    {
        int n = distances.Length;
        double nearest = double.PositiveInfinity;
        for (int j = 0; j < n; j++) if (j != self) nearest = Math.Min(nearest, distances[j]);
        double target = Math.Log(perplexity), beta = 1, lo = double.NegativeInfinity, hi = double.PositiveInfinity;
        for (int step = 0; step < 100; step++)
        {
            double sum = 0, weighted = 0;
            for (int j = 0; j < n; j++)
            {
                if (j == self) { row[j] = 0; continue; }
                double shifted = distances[j] - nearest;
                row[j] = Math.Exp(-shifted * beta);
                sum += row[j];
                weighted += shifted * row[j];
            }
            for (int j = 0; j < n; j++) row[j] /= sum;
            double entropy = Math.Log(sum) + beta * weighted / sum, diff = entropy - target;
            if (Math.Abs(diff) <= 1e-5) break;
            if (diff > 0) { lo = beta; beta = double.IsPositiveInfinity(hi) ? beta * 2 : (beta + hi) / 2; }
            else { hi = beta; beta = double.IsNegativeInfinity(lo) ? beta / 2 : (beta + lo) / 2; }
        }
    }

    /// <summary>PCA start scaled to a standard deviation of 1e-4 (scikit-learn's init="pca"), plus a seeded jitter.</summary>
    private static (double[] X, double[] Y) Start(IReadOnlyList<double[]> points, int seed)
    {
        int n = points.Count, d = points[0].Length;
        var x = new double[n];
        var y = new double[n];
        if (d >= 2)
        {
            var pca = Pca.Fit(points, 2);
            for (int i = 0; i < n; i++) { var xy = pca.Project(points[i]); x[i] = xy[0]; y[i] = xy[1]; }
        }
        else for (int i = 0; i < n; i++) x[i] = points[i][0];
        double mean = x.Average(), sd = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / n);
        double scale = sd > 0 ? 1e-4 / sd : 1;
        var random = new Random(seed);
        for (int i = 0; i < n; i++)
        {
            x[i] = x[i] * scale + 1e-6 * (random.NextDouble() - 0.5);
            y[i] = y[i] * scale + 1e-6 * (random.NextDouble() - 0.5);
        }
        return (x, y);
    }

    private static void Optimise(double[] p, double[] x, double[] y, TsneOptions o)
    {
        int n = x.Length;
        double rate = Math.Max(n / o.EarlyExaggeration / 4, 50);   // scikit-learn's learning_rate="auto"
        var gx = new double[n];
        var gy = new double[n];
        var ux = new double[n];
        var uy = new double[n];
        var gainX = new double[n];
        var gainY = new double[n];
        for (int it = 0; it < o.Iterations; it++)
        {
            bool exaggerated = it < o.ExaggerationIterations;
            // Two stages, each starting from rest with fresh gains, as scikit-learn runs them.
            if (it == 0 || it == o.ExaggerationIterations)
            {
                Array.Clear(ux); Array.Clear(uy);
                Array.Fill(gainX, 1.0); Array.Fill(gainY, 1.0);
            }
            Gradient(p, x, y, exaggerated ? o.EarlyExaggeration : 1, gx, gy);
            double momentum = exaggerated ? 0.5 : 0.8;
            Step(x, gx, ux, gainX, momentum, rate);
            Step(y, gy, uy, gainY, momentum, rate);
        }
    }

    private static void Step(double[] position, double[] gradient, double[] update, double[] gain, double momentum, double rate)
    {
        for (int i = 0; i < position.Length; i++)
        {
            gain[i] = update[i] * gradient[i] < 0 ? gain[i] + 0.2 : Math.Max(MinGain, gain[i] * 0.8);
            update[i] = momentum * update[i] - rate * gain[i] * gradient[i];
            position[i] += update[i];
        }
    }

    /// <summary>
    /// ∂KL/∂y_i = 4 Σ_j (e·p_ij − q_ij)(y_i − y_j) / (1 + |y_i − y_j|²), in one pass over the pairs: the attractive
    /// sum and the unnormalised repulsive sum Σ w_ij²(y_i − y_j) are gathered together, and the repulsion is divided
    /// by Z = Σ w afterwards, so the Student-t weights w need no n² buffer.
    /// </summary>
    public static void Gradient(double[] p, double[] x, double[] y, double exaggeration, double[] gx, double[] gy)
    {
        int n = x.Length;
        var ax = new double[n];
        var ay = new double[n];
        var rx = new double[n];
        var ry = new double[n];
        double z = 0;
        int width = Vector<double>.Count;
        var one = Vector<double>.One;
        for (int i = 0; i < n - 1; i++)
        {
            double xi = x[i], yi = y[i], sax = 0, say = 0, srx = 0, sry = 0, sz = 0;
            long row = RowStart(i, n) - i - 1;   // p index of pair (i, j) is row + j
            int j = i + 1;
            if (Vector.IsHardwareAccelerated)
            {
                var vxi = new Vector<double>(xi);
                var vyi = new Vector<double>(yi);
                Vector<double> vax = default, vay = default, vrx = default, vry = default, vz = default;
                for (; j + width <= n; j += width)
                {
                    var dx = vxi - new Vector<double>(x, j);
                    var dy = vyi - new Vector<double>(y, j);
                    var w = one / (one + dx * dx + dy * dy);
                    var pw = new Vector<double>(p.AsSpan((int)(row + j), width)) * w;
                    var ww = w * w;
                    vz += w;
                    var pdx = pw * dx; var pdy = pw * dy; var wdx = ww * dx; var wdy = ww * dy;
                    vax += pdx; vay += pdy; vrx += wdx; vry += wdy;
                    (new Vector<double>(ax, j) - pdx).CopyTo(ax, j);
                    (new Vector<double>(ay, j) - pdy).CopyTo(ay, j);
                    (new Vector<double>(rx, j) - wdx).CopyTo(rx, j);
                    (new Vector<double>(ry, j) - wdy).CopyTo(ry, j);
                }
                sax = Vector.Sum(vax); say = Vector.Sum(vay); srx = Vector.Sum(vrx); sry = Vector.Sum(vry); sz = Vector.Sum(vz);
            }
            for (; j < n; j++)
            {
                double dx = xi - x[j], dy = yi - y[j];
                double w = 1 / (1 + dx * dx + dy * dy), pw = p[row + j] * w, ww = w * w;
                sz += w;
                sax += pw * dx; say += pw * dy; srx += ww * dx; sry += ww * dy;
                ax[j] -= pw * dx; ay[j] -= pw * dy; rx[j] -= ww * dx; ry[j] -= ww * dy;
            }
            ax[i] += sax; ay[i] += say; rx[i] += srx; ry[i] += sry;
            z += sz;
        }
        z *= 2;   // Z sums over ordered pairs (i, j) and (j, i)
        for (int i = 0; i < n; i++)
        {
            gx[i] = 4 * (exaggeration * ax[i] - rx[i] / z);
            gy[i] = 4 * (exaggeration * ay[i] - ry[i] / z);
        }
    }

    /// <summary>Index of pair (i, i + 1) in the row-major upper triangle of an n × n matrix without its diagonal.</summary>
    public static long RowStart(int i, int n) => (long)i * (2L * n - i - 1) / 2;
}
