using TuneBot.Core.Themes;
using Xunit;

namespace TuneBot.Tests.Core.Themes;

public class ClusteringAlgorithmTests
{
    [Fact]
    public void KMeans_recovers_well_separated_blobs()
    {
        var (points, truth) = SyntheticBlobs.Make(blobs: 5, perBlob: 40, dimensions: 6, separation: 10, seed: 1);
        var fit = KMeans.Fit(points, 5, new KMeansOptions { Seed = 42 });
        Assert.Equal(1.0, SyntheticBlobs.RandIndex(truth, fit.Assignments), 10);
        Assert.All(fit.Sizes, s => Assert.Equal(40, s));
        Assert.True(fit.Converged);
        // Each centroid sits at its blob's centre, up to the noise of 40 unit-variance samples.
        foreach (var centroid in fit.Centroids)
            Assert.Contains(Enumerable.Range(0, 5), b => VectorMath.Distance(centroid, TrueCentre(points, truth, b)) < 1e-9);
    }

    private static double[] TrueCentre(List<double[]> points, int[] truth, int blob)
    {
        var members = points.Where((_, i) => truth[i] == blob).ToList();
        return Enumerable.Range(0, members[0].Length).Select(j => members.Average(p => p[j])).ToArray();
    }

    [Fact]
    public void KMeans_inertia_is_the_sum_of_squared_distances_to_assigned_centroids()
    {
        var (points, _) = SyntheticBlobs.Make(blobs: 3, perBlob: 30, dimensions: 4, separation: 2, seed: 7);
        var fit = KMeans.Fit(points, 4, new KMeansOptions { Seed = 3 });
        double inertia = 0;
        for (int i = 0; i < points.Count; i++)
        {
            double best = fit.Centroids.Min(c => VectorMath.SquaredDistance(points[i], c));
            double own = VectorMath.SquaredDistance(points[i], fit.Centroids[fit.Assignments[i]]);
            Assert.Equal(best, own, 9);   // every point is assigned to its nearest centroid
            inertia += own;
        }
        Assert.Equal(inertia, fit.Inertia, 6);
    }

    [Fact]
    public void KMeans_is_deterministic_for_a_seed_and_canonically_labelled()
    {
        var (points, _) = SyntheticBlobs.Make(blobs: 4, perBlob: 25, dimensions: 5, separation: 1.5, seed: 11);
        var a = KMeans.Fit(points, 6, new KMeansOptions { Seed = 5, MaxDegreeOfParallelism = 2 });
        var b = KMeans.Fit(points, 6, new KMeansOptions { Seed = 5, MaxDegreeOfParallelism = 1 });
        Assert.Equal(a.Assignments, b.Assignments);
        Assert.Equal(a.Inertia, b.Inertia);
        for (int c = 0; c < a.K; c++) Assert.Equal(a.Centroids[c], b.Centroids[c]);
        Assert.Equal(0, a.Assignments[0]);   // ids follow first appearance
        Assert.Equal(Enumerable.Range(0, 6), a.Assignments.Distinct().OrderBy(x => x));

        // One start per seed: overlapping blobs have several local optima, so some seed must differ.
        var single = Enumerable.Range(0, 8).Select(s => KMeans.Fit(points, 6, new KMeansOptions { Seed = s, Restarts = 1 }).Inertia).Distinct().Count();
        Assert.True(single > 1, "Different seeds never changed the start; the seed is probably ignored.");
    }

    [Fact]
    public void KMeans_keeps_every_cluster_non_empty_with_duplicate_points()
    {
        // Three distinct positions, k = 3: k-means++ may draw a duplicate twice, and Lloyd must relocate it.
        var points = Enumerable.Repeat(new[] { 1.0, 2.0 }, 8).Append(new[] { 5.0, 5.0 }).Append(new[] { 5.0, 6.0 }).ToList();
        for (int seed = 0; seed < 10; seed++)
        {
            var fit = KMeans.Fit(points, 3, new KMeansOptions { Seed = seed, Restarts = 1 });
            Assert.All(fit.Sizes, s => Assert.True(s > 0));
            Assert.Equal(points.Count, fit.Sizes.Sum());
            Assert.Equal(0, fit.Inertia, 12);
        }
    }

    [Fact]
    public void KMeans_with_k_equal_to_n_puts_each_point_alone()
    {
        var points = new List<double[]> { new[] { 0.0 }, new[] { 1.0 }, new[] { 3.0 }, new[] { 7.0 } };
        var fit = KMeans.Fit(points, 4);
        Assert.All(fit.Sizes, s => Assert.True(s > 0));
        Assert.Equal(points.Count, fit.Sizes.Sum());
    }

    [Fact]
    public void Standardizer_gives_zero_mean_unit_variance_and_guards_constant_features()
    {
        var rows = new List<double[]> { new[] { 1.0, 100.0, 7.0 }, new[] { 3.0, 300.0, 7.0 }, new[] { 5.0, 200.0, 7.0 } };
        var s = Standardizer.Fit(rows);
        var z = s.Transform(rows);
        for (int j = 0; j < 2; j++)
        {
            Assert.Equal(0, z.Average(r => r[j]), 12);
            Assert.Equal(1, Math.Sqrt(z.Average(r => r[j] * r[j])), 12);
        }
        Assert.Equal(1.0, s.Scales[2]);
        Assert.All(z, r => Assert.Equal(0.0, r[2]));
        Assert.Equal(new[] { 3.0, 250.0, 9.0 }, s.InverseTransform(s.Transform(new[] { 3.0, 250.0, 9.0 })).Select(v => Math.Round(v, 9)));
        Assert.Equal(0.0, s.Transform(new[] { double.NaN, 200.0, 7.0 })[0]);
    }

    [Theory]
    [InlineData(3, 11)]
    [InlineData(4, 12)]
    [InlineData(6, 13)]
    [InlineData(9, 14)]
    public void Elbow_finds_the_planted_number_of_clusters(int planted, int seed)
    {
        var (raw, _) = SyntheticBlobs.Make(blobs: planted, perBlob: 30, dimensions: 10, separation: 6, seed: seed);
        var points = Standardizer.Fit(raw).Transform(raw);
        var elbow = Elbow.Run(points, 2, Elbow.MaxK(points.Length), new KMeansOptions { Seed = 1, Restarts = 4 });
        Assert.True(planted == elbow.ChosenK,
            $"chose {elbow.ChosenK}; curve: {string.Join(", ", elbow.Curve.Select(p => $"{p.K}:{p.Inertia:F0}"))}");
        Assert.Equal(1, elbow.Curve[0].K);
        Assert.Equal(Elbow.MaxK(points.Length), elbow.Curve[^1].K);
        Assert.Equal(elbow.Chosen.Inertia, elbow.Curve.Single(p => p.K == planted).Inertia);
    }

    [Fact]
    public void Elbow_can_choose_two_thanks_to_the_k1_anchor()
    {
        var (raw, _) = SyntheticBlobs.Make(blobs: 2, perBlob: 50, dimensions: 4, separation: 8, seed: 3);
        var elbow = Elbow.Run(raw, 2, Elbow.MaxK(raw.Count), new KMeansOptions { Seed = 1, Restarts = 3 });
        Assert.Equal(2, elbow.ChosenK);
    }

    [Fact]
    public void Knee_of_a_hand_made_curve()
    {
        var curve = new[] { 1000.0, 600, 250, 90, 80, 72, 66, 61 }.Select((y, i) => new ElbowPoint(i + 1, y)).ToList();
        Assert.Equal(4, Elbow.FindKnee(curve));
    }

    [Fact]
    public void Silhouette_matches_brute_force_definition()
    {
        var (points, _) = SyntheticBlobs.Make(blobs: 3, perBlob: 15, dimensions: 3, separation: 2.5, seed: 21);
        var labels = KMeans.Fit(points, 4, new KMeansOptions { Seed = 2 }).Assignments;
        labels[0] = 3; // make cluster sizes uneven, keep it valid
        double expected = 0;
        for (int i = 0; i < points.Count; i++)
        {
            var own = Enumerable.Range(0, points.Count).Where(j => j != i && labels[j] == labels[i]).ToList();
            if (own.Count == 0) continue;   // singleton contributes 0
            double a = own.Average(j => Math.Sqrt(points[i].Zip(points[j], (x, y) => (x - y) * (x - y)).Sum()));
            double b = labels.Distinct().Where(c => c != labels[i]).Min(c =>
                Enumerable.Range(0, points.Count).Where(j => labels[j] == c).Average(j => Math.Sqrt(points[i].Zip(points[j], (x, y) => (x - y) * (x - y)).Sum())));
            expected += (b - a) / Math.Max(a, b);
        }
        expected /= points.Count;
        Assert.Equal(expected, Silhouette.Score(points, labels), 10);
        Assert.Equal(expected, Silhouette.Values(points, labels).Average(), 10);
    }

    [Fact]
    public void Silhouette_sample_estimates_the_exact_score()
    {
        var (points, _) = SyntheticBlobs.Make(blobs: 4, perBlob: 150, dimensions: 4, separation: 3, seed: 5);
        var labels = KMeans.Fit(points, 4, new KMeansOptions { Seed = 1 }).Assignments;
        double exact = Silhouette.Score(points, labels);
        double sampled = Silhouette.Score(points, labels, sampleSize: 200, seed: 9);
        Assert.NotEqual(exact, sampled);
        Assert.InRange(sampled, exact - 0.05, exact + 0.05);
        Assert.InRange(Silhouette.Score(SyntheticBlobs.Make(4, 30, 4, 12, 1).Points, SyntheticBlobs.Make(4, 30, 4, 12, 1).Truth), 0.8, 1.0);
    }

    [Fact]
    public void Prediction_is_nearest_centroid_in_standardised_space_with_all_distances()
    {
        var (raw, _) = SyntheticBlobs.Make(blobs: 3, perBlob: 20, dimensions: 3, separation: 10, seed: 2);
        foreach (var p in raw) p[1] = p[1] * 1000 + 5000;   // a feature in big units, as Hz would be
        var standardizer = Standardizer.Fit(raw);
        var z = standardizer.Transform(raw);
        var fit = KMeans.Fit(z, 3, new KMeansOptions { Seed = 4 });
        var model = new ClusterModel(standardizer, fit.Centroids);
        for (int i = 0; i < raw.Count; i++)
        {
            var prediction = model.Predict(raw[i]);
            Assert.Equal(fit.Assignments[i], prediction.Cluster);
            Assert.Equal(3, prediction.Distances.Count);
            for (int c = 0; c < 3; c++) Assert.Equal(VectorMath.Distance(z[i], fit.Centroids[c]), prediction.Distances[c], 9);
            Assert.True(prediction.Margin > 1);
            Assert.Equal(prediction.Distances.OrderBy(d => d), prediction.Ranking.Select(c => prediction.Distances[c]));
        }
        // A point half-way between two centroids: both are candidates.
        var middle = z[0].Zip(fit.Centroids[fit.Assignments[1] == fit.Assignments[0] ? 2 : fit.Assignments[1]], (a, b) => a).ToArray();
        var c0 = fit.Centroids[0]; var c1 = fit.Centroids[1];
        var halfway = c0.Zip(c1, (a, b) => (a + b) / 2 + 1e-6 * a).ToArray();
        var border = model.PredictStandardized(halfway);
        Assert.InRange(border.Margin, 1.0, 1.01);
        Assert.Equal(new[] { 0, 1 }, border.Candidates().OrderBy(c => c));
        Assert.Single(model.PredictStandardized(c0).Candidates());
        Assert.Equal(standardizer.InverseTransform(fit.Centroids[2]), model.CentroidInOriginalUnits(2));
        _ = middle;
    }
}
