using TuneBot.Core.Storage;
using TuneBot.Core.Themes;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Core.Themes;

public class StabilityTests(ITestOutputHelper output)
{
    [Fact]
    public void Adjusted_rand_index_ignores_label_numbers_and_matches_the_known_value()
    {
        Assert.Equal(1.0, Stability.AdjustedRandIndex([0, 0, 1, 1, 2, 2], [5, 5, 3, 3, 9, 9]), 12);
        // scikit-learn's documented example: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714…
        Assert.Equal(4.0 / 7, Stability.AdjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]), 12);
        Assert.True(Stability.AdjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2]) < 0);
    }

    [Fact]
    public void Subsamples_hold_about_80_percent_and_do_not_depend_on_the_other_tracks()
    {
        var keys = Enumerable.Range(1, 4000).Select(i => (long)i).ToList();
        for (int s = 0; s < Stability.Subsamples; s++)
            Assert.InRange(keys.Count(k => Stability.InSubsample(k, s)) / (double)keys.Count, 0.77, 0.83);
        // Different subsamples are different draws.
        Assert.True(keys.Count(k => Stability.InSubsample(k, 0) != Stability.InSubsample(k, 1)) > 400);
    }

    [Fact]
    public void Well_separated_blobs_give_their_number_as_the_most_stable_k()
    {
        var (points, _) = SyntheticBlobs.Make(blobs: 4, perBlob: 25, dimensions: 6, separation: 4, seed: 3);
        var keys = Enumerable.Range(1, points.Count).Select(i => (long)i).ToList();
        var result = Stability.Choose(points, keys, 2, 8, new KMeansOptions { Seed = 1, Restarts = 4 }, minimumClusterSize: 3);
        Assert.True(result.ChosenK == 4, string.Join(", ", result.Curve.Select(p => $"{p.K}:{p.MeanAri:F3}")));
        Assert.True(result.Curve.Single(p => p.K == 4).MeanAri > 0.95);
    }

    [Fact]
    public void The_previous_k_is_kept_while_it_is_nearly_as_stable_and_dropped_when_it_is_not()
    {
        var (points, _) = SyntheticBlobs.Make(blobs: 4, perBlob: 25, dimensions: 6, separation: 0.6, seed: 5);
        var keys = Enumerable.Range(1, points.Count).Select(i => (long)i).ToList();
        var options = new KMeansOptions { Seed = 2, Restarts = 4 };
        var fresh = Stability.Choose(points, keys, 4, 10, options, minimumClusterSize: 3);
        double best = fresh.Curve.Where(p => p.Eligible).Max(p => p.MeanAri);
        var near = fresh.Curve.Where(p => p.Eligible && p.K != fresh.ChosenK && p.MeanAri >= best - Stability.KeepPreviousTolerance).ToList();
        var far = fresh.Curve.Where(p => p.Eligible && p.MeanAri < best - Stability.KeepPreviousTolerance).ToList();
        string curve = string.Join(", ", fresh.Curve.Select(p => $"{p.K}:{p.MeanAri:F3}"));
        Assert.True(near.Count > 0 && far.Count > 0, curve);
        var kept = Stability.Choose(points, keys, 4, 10, options, minimumClusterSize: 3, previousK: near[0].K);
        Assert.Equal((near[0].K, true), (kept.ChosenK, kept.KeptPrevious));
        var dropped = Stability.Choose(points, keys, 4, 10, options, minimumClusterSize: 3, previousK: far[0].K);
        Assert.Equal((fresh.ChosenK, false), (dropped.ChosenK, dropped.KeptPrevious));
    }

    /// <summary>
    /// Catalogs without clear kinds (each track a random mix of the four planted kinds, as real catalogs are more a
    /// continuum than blobs): on every one where the elbow-only rule changes k when 3 tracks are added, the
    /// stability rule keeps k and at least 90 % of the tracks keep a theme of the same name.
    /// </summary>
    [Fact]
    public void Where_the_elbow_jumps_on_3_added_tracks_the_themes_hold_still()
    {
        var options = new KMeansOptions { Restarts = 4 };
        int jumps = 0;
        var report = new List<string>();
        for (int seed = 1; seed <= 40 && jumps < 3; seed++)
        {
            var all = Continuum(103, seed);
            var before = all.Take(100).ToList();
            int ElbowK(List<TrackSummaryVector> tracks)
            {
                var raw = tracks.Select(t => t.Vector).ToList();
                var z = Standardizer.Fit(raw).Transform(raw);
                return Elbow.Run(z, 2, Elbow.MaxK(z.Length), options with { Seed = 1 }).KneeWithClustersOf(CatalogClustering.MinimumClusterSize(z.Length));
            }
            int elbowBefore = ElbowK(before), elbowAfter = ElbowK(all);
            if (elbowBefore == elbowAfter) continue;
            jumps++;
            var first = CatalogClustering.Cluster(before, null, seed: 1, options: options);
            var second = CatalogClustering.Cluster(all, null, seed: 1, CatalogClustering.PreviousThemes(first.Run, first.Themes), options, previousK: first.Run.K);
            var nameBefore = NameOf(first);
            var nameAfter = NameOf(second);
            double same = nameBefore.Count(kv => nameAfter[kv.Key] == kv.Value) / (double)nameBefore.Count;
            report.Add($"seed {seed}: elbow {elbowBefore} → {elbowAfter}, stability {first.Run.K} → {second.Run.K}, same name {same:P0}");
            Assert.True(first.Run.K == second.Run.K && same >= 0.9, string.Join("; ", report));
        }
        Assert.True(jumps > 0, "no catalog made the elbow jump");
        foreach (var line in report) output.WriteLine(line);
    }

    private static Dictionary<long, string> NameOf(CatalogClusteringResult result)
    {
        var names = result.Themes.ToDictionary(t => t.ClusterId, t => t.NameEn);
        return result.Assignments.ToDictionary(a => a.TrackId, a => names[a.ClusterId]);
    }

    private static List<TrackSummaryVector> Continuum(int count, int seed)
    {
        var kinds = ClusteringCommandTests.CatalogVectors(perGroup: count, seed: seed);
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var w = Enumerable.Range(0, 4).Select(_ => -Math.Log(1 - random.NextDouble())).ToArray();   // Dirichlet(1, 1, 1, 1)
            double total = w.Sum();
            var mix = new double[kinds[0].Length];
            for (int g = 0; g < 4; g++)
            {
                var kind = kinds[4 * random.Next(kinds.Count / 4) + g];
                for (int j = 0; j < mix.Length; j++) mix[j] += w[g] / total * kind[j];
            }
            return new TrackSummaryVector(i + 1, mix, TrackAnalysisVersions.Summary);
        }).ToList();
    }
}
