using TuneBot.Core.Map;
using TuneBot.Core.Themes;
using Xunit;

namespace TuneBot.Tests.Core.Themes;

public class TsneTests
{
    [Fact]
    public void The_same_seed_gives_the_same_picture()
    {
        var (points, _) = SyntheticBlobs.Make(blobs: 4, perBlob: 15, dimensions: 10, separation: 3, seed: 11);
        var a = Tsne.Embed(points, new TsneOptions { Seed = 5 });
        var b = Tsne.Embed(points, new TsneOptions { Seed = 5 });
        var c = Tsne.Embed(points, new TsneOptions { Seed = 6 });
        Assert.Equal(a.SelectMany(v => v), b.SelectMany(v => v));
        Assert.NotEqual(a.SelectMany(v => v), c.SelectMany(v => v));
        Assert.All(a, v => Assert.True(double.IsFinite(v[0]) && double.IsFinite(v[1])));
    }

    [Fact]
    public void Well_separated_clusters_stay_together_in_two_dimensions()
    {
        var (points, truth) = SyntheticBlobs.Make(blobs: 6, perBlob: 25, dimensions: 20, separation: 3, seed: 2);
        var xy = Tsne.Embed(points);
        // Each point's 5 nearest neighbours in the picture come from its own cluster.
        int same = 0, total = 0;
        for (int i = 0; i < xy.Length; i++)
        {
            var neighbours = Enumerable.Range(0, xy.Length).Where(j => j != i)
                .OrderBy(j => Math.Pow(xy[i][0] - xy[j][0], 2) + Math.Pow(xy[i][1] - xy[j][1], 2)).Take(5);
            foreach (var j in neighbours) { total++; if (truth[j] == truth[i]) same++; }
        }
        Assert.True(same >= 0.99 * total, $"{same} of {total} neighbours share the cluster");
        // And the clusters are islands: every cluster's spread is smaller than the gap to the nearest other one.
        var centres = Enumerable.Range(0, 6).Select(c => Centre(xy.Where((_, i) => truth[i] == c))).ToArray();
        for (int c = 0; c < 6; c++)
        {
            double spread = xy.Where((_, i) => truth[i] == c).Max(v => Distance(v, centres[c]));
            double gap = Enumerable.Range(0, 6).Where(o => o != c).Min(o => Distance(centres[o], centres[c]));
            Assert.True(spread < gap, $"cluster {c}: spread {spread:F2}, gap {gap:F2}");
        }
    }

    [Fact]
    public void Joint_probabilities_sum_to_one_and_rows_reach_the_perplexity()
    {
        var (points, _) = SyntheticBlobs.Make(blobs: 3, perBlob: 20, dimensions: 5, separation: 2, seed: 8);
        int n = points.Count;
        var p = Tsne.JointProbabilities(points, perplexity: 10);
        Assert.Equal(n * (n - 1) / 2, p.Length);
        Assert.Equal(0.5, p.Sum(), 6);   // the upper triangle holds half of the symmetric matrix's mass
        Assert.All(p, v => Assert.True(v > 0));
    }

    [Fact]
    public void The_gradient_is_the_derivative_of_the_kl_divergence()
    {
        var (points, _) = SyntheticBlobs.Make(blobs: 2, perBlob: 6, dimensions: 4, separation: 2, seed: 3);
        int n = points.Count;
        var p = Tsne.JointProbabilities(points, perplexity: 3);
        var random = new Random(1);
        var x = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var gx = new double[n];
        var gy = new double[n];
        Tsne.Gradient(p, x, y, exaggeration: 1, gx, gy);
        const double h = 1e-6;
        for (int i = 0; i < n; i++)
        {
            x[i] += h; double plus = Kl(p, x, y); x[i] -= 2 * h; double minus = Kl(p, x, y); x[i] += h;
            Assert.Equal((plus - minus) / (2 * h), gx[i], 5);
            y[i] += h; plus = Kl(p, x, y); y[i] -= 2 * h; minus = Kl(p, x, y); y[i] += h;
            Assert.Equal((plus - minus) / (2 * h), gy[i], 5);
        }
    }

    [Fact]
    public void Tiny_and_duplicated_catalogs_still_give_finite_separate_points()
    {
        var points = Enumerable.Range(0, 8).Select(i => i < 4 ? new[] { 1.0, 2.0, 3.0 } : new[] { -1.0, 0.5 * i, 2.0 }).ToList();
        var xy = Tsne.Embed(points);
        Assert.Equal(8, xy.Length);
        Assert.All(xy, v => Assert.True(double.IsFinite(v[0]) && double.IsFinite(v[1])));
        // Identical tracks are not drawn on one spot (the seeded jitter lets them repel each other).
        Assert.Equal(8, xy.Select(v => (Math.Round(v[0], 6), Math.Round(v[1], 6))).Distinct().Count());
        Assert.Equal([[0.0, 0.0]], Tsne.Embed([new[] { 1.0, 2.0 }]));
    }

    /// <summary>KL(P ‖ Q) over ordered pairs, P from the upper triangle mirrored, Q the Student-t affinities.</summary>
    private static double Kl(double[] p, double[] x, double[] y)
    {
        int n = x.Length;
        double z = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) z += 2 / (1 + Math.Pow(x[i] - x[j], 2) + Math.Pow(y[i] - y[j], 2));
        double kl = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                double pij = p[Tsne.RowStart(i, n) + j - i - 1];
                double qij = 1 / (1 + Math.Pow(x[i] - x[j], 2) + Math.Pow(y[i] - y[j], 2)) / z;
                kl += 2 * pij * Math.Log(pij / qij);
            }
        return kl;
    }

    private static double[] Centre(IEnumerable<double[]> points)
    {
        var list = points.ToList();
        return [list.Average(v => v[0]), list.Average(v => v[1])];
    }

    private static double Distance(double[] a, double[] b) => Math.Sqrt(Math.Pow(a[0] - b[0], 2) + Math.Pow(a[1] - b[1], 2));
}
