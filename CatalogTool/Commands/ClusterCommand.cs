using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TuneBot.Core.Storage;
using TuneBot.Core.Themes;
using TuneBot.Core.Features;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>cluster [--k auto|N] [--seed S] [--restarts R] [--if-needed] [--db CONNECTION]</c>: standardises the catalog's summary
/// vectors, runs k-means++ with restarts (with <c>--k auto</c>, k by stability across subsamples, keeping the previous
/// run's k while it is as stable), prints the elbow curve, the stability per k, the chosen k and the silhouette, and stores a new versioned run with means, scales, centroids,
/// assignments and themes (operator theme names carried over where a cluster is essentially unchanged).
/// Exit codes: 0 ok, 2 the catalog or the arguments cannot be used (empty, too small, bad --k), 1 database
/// unreachable or an internal error.
/// </summary>
public static class ClusterCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var k = new Option<string>("--k") { Description = "Number of clusters, or 'auto' for the most stable k over k = 5 … min(20, tracks/5)", DefaultValueFactory = _ => "auto" };
        var seed = new Option<int>("--seed") { Description = "Random seed (same catalog + seed = same clustering)", DefaultValueFactory = _ => 42 };
        var restarts = new Option<int>("--restarts") { Description = "k-means++ starts per k (best inertia wins)", DefaultValueFactory = _ => 10 };
        var ifNeeded = new Option<bool>("--if-needed") { Description = "Do nothing when the newest run already covers exactly the catalog's current tracks (for start-up scripts)" };
        var db = CatalogCommandLine.DbOption();
        var command = new Command("cluster", "Cluster the catalog into themed moods and store the run") { k, seed, restarts, ifNeeded, db };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(k), parse.GetValue(seed), parse.GetValue(restarts), parse.GetValue(ifNeeded), parse.GetValue(db),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    private static Task<int> RunAsync(string? kText, int seed, int restarts, bool ifNeeded, string? db, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        CatalogCommandLine.Guard(stderr, ct, async () =>
        {
            int? k = null;
            kText = (kText ?? "auto").Trim();
            if (!kText.Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(kText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 2)
                {
                    await stderr.WriteLineAsync($"--k must be 'auto' or a whole number ≥ 2, not '{kText}'.");
                    return 2;
                }
                k = n;
            }
            if (restarts is < 1 or > 1000)
            {
                await stderr.WriteLineAsync("--restarts must be between 1 and 1000.");
                return 2;
            }

            var database = await CatalogCommandLine.OpenAsync(db, ct);
            var trackStore = new TrackStore(database);
            var clusterStore = new ClusterStore(database);
            var all = await trackStore.ListSummariesAsync(ct);
            var usable = all.Where(t => t.Version == TrackAnalysisVersions.Summary && t.Vector.Length == FeatureSummary.Length
                                        && t.Vector.All(double.IsFinite)).ToList();
            if (usable.Count < all.Count)
                await stderr.WriteLineAsync($"{all.Count - usable.Count} track(s) skipped: analysed with an older feature layout or " +
                                            "non-finite values (re-run `ingest` on their folders).");
            if (CatalogClustering.WhyNot(usable.Count, k) is { } reason)
            {
                await stderr.WriteLineAsync(reason);
                return 2;
            }

            var previousRun = await clusterStore.GetLatestRunAsync(ct);
            if (ifNeeded && previousRun is not null && previousRun.Dims == FeatureSummary.Length)
            {
                var covered = (await clusterStore.GetAssignmentsAsync(previousRun.Id, ct)).Select(a => a.TrackId).ToHashSet();
                // A pruned track's assignment is deleted with it (ON DELETE CASCADE), so the remaining assignments
                // still equal the catalog: the run's own track count is what shows that tracks left it.
                if (covered.Count == previousRun.TrackCount && covered.SetEquals(usable.Select(t => t.TrackId)))
                {
                    // A newer release may word the traits differently: the live themes follow without re-clustering.
                    var clusterOf = (await clusterStore.GetAssignmentsAsync(previousRun.Id, ct)).ToDictionary(a => a.TrackId, a => a.ClusterId);
                    var members = usable.Where(t => clusterOf.ContainsKey(t.TrackId)).Select(t => (clusterOf[t.TrackId], t.Vector)).ToList();
                    var (themes, changed) = CatalogClustering.RedescribeThemes(previousRun, await clusterStore.GetThemesAsync(previousRun.Id, ct), members);
                    if (changed > 0) await clusterStore.ReplaceThemesAsync(previousRun.Id, themes, ct);
                    await stdout.WriteLineAsync($"Run {previousRun.Id} (k = {previousRun.K}) already covers the catalog's {usable.Count} tracks; nothing to do" +
                                                (changed > 0 ? $" but reword {changed} theme description(s) in this release's terms." : "."));
                    return 0;
                }
            }
            IReadOnlyList<PreviousTheme> previous = [];
            if (previousRun is not null && previousRun.Dims == FeatureSummary.Length)
                previous = CatalogClustering.PreviousThemes(previousRun, await clusterStore.GetThemesAsync(previousRun.Id, ct));

            await stderr.WriteLineAsync(k is null
                ? $"Clustering {usable.Count} tracks: k = {CatalogClustering.AutoRange(usable.Count).Min} … {Elbow.MaxK(usable.Count)} by stability " +
                  $"({Stability.Subsamples} subsamples of {(int)(Stability.SubsampleFraction * 100)} %), {restarts} starts each, seed {seed}…"
                : $"Clustering {usable.Count} tracks: k = {k}, {restarts} starts, seed {seed}…");
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = CatalogClustering.Cluster(usable, k, seed, previous, new KMeansOptions { Restarts = restarts },
                previousK: previousRun is not null && previousRun.Dims == FeatureSummary.Length ? previousRun.K : null);
            long runId = await clusterStore.SaveRunAsync(result.Run, result.Assignments, result.Themes, ct);
            Print(result, runId, clock.Elapsed, previousRun, stdout);
            return 0;
        });

    private static void Print(CatalogClusteringResult result, long runId, TimeSpan elapsed, ClusterRun? previousRun, TextWriter stdout)
    {
        var console = AnalyzeCommand.CreateConsole(stdout);
        var run = result.Run;
        if (result.Stability is { } stability)
        {
            var curve = new Table().Title("Inertia curve (elbow: Kneedle, farthest below the chord from k = 1) and stability " +
                                          $"(mean adjusted Rand index of {Stability.Subsamples} subsample runs)").Border(TableBorder.Rounded)
                .AddColumn(new TableColumn("k").RightAligned()).AddColumn(new TableColumn("inertia").RightAligned()).AddColumn("")
                .AddColumn(new TableColumn("ARI").RightAligned()).AddColumn(new TableColumn("smallest").RightAligned()).AddColumn("");
            double max = run.InertiaCurve.Max(p => p.Inertia);
            foreach (var p in run.InertiaCurve)
            {
                var bar = new string('█', (int)Math.Round(30 * p.Inertia / Math.Max(max, 1e-12)));
                var s = stability.Curve.FirstOrDefault(x => x.K == p.K);
                bool scored = s.K == p.K;
                string mark = p.K == run.K ? "← chosen" : !scored ? "" : !s.Eligible ? "cluster too small" : "";
                if (p.K == result.KneeK) mark += (mark.Length > 0 ? ", " : "") + "knee";
                curve.AddRow(new Text(p.K.ToString(CultureInfo.InvariantCulture)), new Text(CatalogCommandLine.F(p.Inertia, "0.0")), new Text(bar),
                    new Text(scored ? CatalogCommandLine.F(s.MeanAri, "0.000") : ""), new Text(scored ? s.SmallestCluster.ToString(CultureInfo.InvariantCulture) : ""), new Text(mark));
            }
            console.Write(curve);
            console.WriteLine(!stability.Curve.Any(p => p.Eligible)
                ? $"k = {run.K}: every k from {stability.Curve[0].K} up has a cluster of fewer than {CatalogClustering.MinimumClusterSize(run.TrackCount)} " +
                  "tracks (outliers); using the largest smaller k without one."
                : stability.KeptPrevious
                ? $"k = {run.K}: the previous run's k, still within {CatalogCommandLine.F(Stability.KeepPreviousTolerance, "0.00")} of the best mean ARI (kept so that themes hold still)."
                : $"k = {run.K}: the largest k within {CatalogCommandLine.F(Stability.Tolerance, "0.00")} of the best mean ARI whose clusters all have ≥ " +
                  $"{CatalogClustering.MinimumClusterSize(run.TrackCount)} tracks (elbow knee: k = {result.KneeK}).");
        }
        console.WriteLine($"Run {runId}: k = {run.K} ({run.KSelection}), inertia {CatalogCommandLine.F(run.Inertia, "0.0")}, " +
                          $"silhouette {(run.Silhouette is { } sil ? CatalogCommandLine.F(sil, "0.000") : "n/a")}, {run.TrackCount} tracks, {CatalogCommandLine.F(elapsed.TotalSeconds, "0.0")} s.");
        var themes = new Table().Title("Themes").Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("id").RightAligned()).AddColumn("").AddColumn("name").AddColumn("이름")
            .AddColumn(new TableColumn("tracks").RightAligned()).AddColumn(new TableColumn("valence").RightAligned()).AddColumn(new TableColumn("arousal").RightAligned());
        foreach (var t in result.Themes)
            themes.AddRow(new Text(t.ClusterId.ToString(CultureInfo.InvariantCulture)), new Text(t.Emoji), new Text(t.NameEn + (t.RenamedByOperator ? " *" : "")),
                new Text(t.NameKo), new Text(result.Fit.Sizes[t.ClusterId].ToString(CultureInfo.InvariantCulture)),
                new Text(CatalogCommandLine.F(t.Valence, "+0.00;-0.00")), new Text(CatalogCommandLine.F(t.Arousal, "+0.00;-0.00")));
        console.Write(themes);
        if (result.Themes.Any(t => t.RenamedByOperator))
            console.WriteLine($"* operator name carried over from run {previousRun?.Id}.");
    }
}
