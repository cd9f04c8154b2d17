using System.Globalization;
using TuneBot.Core.Storage;
using TuneBot.Core.Themes;
using TuneBot.Core.Features;

namespace TuneBot.Benchmarks;

/// <summary>
/// How well the themes hold still when a catalog changes a little (issue 12): each trial adds or removes 3 random
/// tracks of the catalog and re-clusters with --k auto, the previous run's themes and k given as `cluster` gives
/// them. Adding is measured as the catalog without the 3 tracks (clustered after the full catalog's run) followed
/// by the full catalog. Reports in how many trials k stayed, and the share of the tracks in both runs whose theme
/// has the same English name. Rule "elbow" clusters at the previous release's k (the knee, lowered until no
/// cluster is too small) for comparison.
/// </summary>
internal static class ThemeStability
{
    public static async Task RunAsync(string db, int trials, int seed, string rule)
    {
        var database = CatalogDatabase.FromCommandLine(db, null, null);
        var all = await new TrackStore(database).ListSummariesAsync();
        var tracks = all.Where(t => t.Version == TrackAnalysisVersions.Summary && t.Vector.Length == FeatureSummary.Length
                                    && t.Vector.All(double.IsFinite)).ToList();
        Console.WriteLine($"{tracks.Count} usable tracks, {trials} trials, seed {seed}, rule {rule}");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var baseline = Cluster(tracks, null, seed, rule);
        Console.WriteLine($"baseline: k = {baseline.Run.K} ({Names(baseline)}), {clock.Elapsed.TotalSeconds:F1} s");
        if (baseline.Stability is { } curve)
            Console.WriteLine("mean ARI per k: " + string.Join(", ", curve.Curve.Select(p =>
                string.Create(CultureInfo.InvariantCulture, $"{p.K}:{p.MeanAri:F3}{(p.Eligible ? "" : "*")}"))) + "  (* a cluster too small)");

        var random = new Random(seed);
        int kSame = 0, atLeast90 = 0;
        var shares = new List<double>();
        for (int trial = 0; trial < trials; trial++)
        {
            bool add = random.Next(2) == 0;
            var picked = tracks.OrderBy(_ => random.Next()).Take(3).Select(t => t.TrackId).ToHashSet();
            var smaller = tracks.Where(t => !picked.Contains(t.TrackId)).ToList();
            var before = add ? Cluster(smaller, baseline, seed, rule) : baseline;
            var after = Cluster(add ? tracks : smaller, before, seed, rule);
            var nameBefore = NameOf(before);
            var nameAfter = NameOf(after);
            var shared = nameBefore.Keys.Where(nameAfter.ContainsKey).ToList();
            double share = shared.Count(id => nameBefore[id] == nameAfter[id]) / (double)shared.Count;
            shares.Add(share);
            if (before.Run.K == after.Run.K) kSame++;
            else if (after.Stability is { } changed)
                Console.WriteLine("  k changed; mean ARI per k: " + string.Join(", ", changed.Curve.Select(p =>
                    string.Create(CultureInfo.InvariantCulture, $"{p.K}:{p.MeanAri:F3}{(p.Eligible ? "" : "*")}"))));
            if (share >= 0.9) atLeast90++;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trial {trial + 1,2}: {(add ? "add" : "remove")} 3, k {before.Run.K} → {after.Run.K}, same-name {share:P1}   [{Names(after)}]"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rule {rule}: k unchanged {kSame}/{trials}, same-name mean {shares.Average():P1}, min {shares.Min():P1}, ≥ 90 % in {atLeast90}/{trials}; {clock.Elapsed.TotalSeconds:F0} s"));
    }

    private static CatalogClusteringResult Cluster(IReadOnlyList<TrackSummaryVector> tracks, CatalogClusteringResult? previous, int seed, string rule)
    {
        var previousThemes = previous is null ? null : CatalogClustering.PreviousThemes(previous.Run, previous.Themes);
        if (rule == "stability") return CatalogClustering.Cluster(tracks, null, seed, previousThemes, previousK: previous?.Run.K);
        var options = new KMeansOptions { Seed = seed };
        var z = Standardizer.Fit(tracks.Select(t => t.Vector).ToList()).Transform(tracks.Select(t => t.Vector).ToList());
        var elbow = Elbow.Run(z, 2, Elbow.MaxK(z.Length), options);
        return CatalogClustering.Cluster(tracks, elbow.KneeWithClustersOf(CatalogClustering.MinimumClusterSize(z.Length)), seed, previousThemes);
    }

    private static Dictionary<long, string> NameOf(CatalogClusteringResult result)
    {
        var names = result.Themes.ToDictionary(t => t.ClusterId, t => t.NameEn);
        return result.Assignments.ToDictionary(a => a.TrackId, a => names[a.ClusterId]);
    }

    private static string Names(CatalogClusteringResult result) =>
        string.Join(", ", result.Themes.Select(t => $"{t.NameEn} {result.Fit.Sizes[t.ClusterId]}"));
}
