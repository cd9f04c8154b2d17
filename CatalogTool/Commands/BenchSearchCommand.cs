using System.CommandLine;
using System.Text.Json;
using TuneBot.CatalogTool.Benchmarks;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>bench-search</c>: the similarity search's scale benchmark on a synthetic catalog (see
/// <see cref="SearchBenchmark"/>). Progress on stderr; the figures on stdout (JSON with --json).
/// </summary>
public static class BenchSearchCommand
{
    public static Command Create()
    {
        var tracks = new Option<int>("--tracks") { Description = "Catalog size in tracks", DefaultValueFactory = _ => 10_000 };
        var queries = new Option<int>("--queries") { Description = "Timed queries", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "Seed of the catalog and the queries", DefaultValueFactory = _ => 1 };
        var dims = new Option<int>("--dims") { Description = "Values per frame", DefaultValueFactory = _ => 24 };
        var clusters = new Option<int>("--clusters") { Description = "Clusters in the synthetic catalog", DefaultValueFactory = _ => 50 };
        var queryFrames = new Option<int>("--query-frames") { Description = "Query length in frames (86 ≈ 8 s at the 93 ms hop)", DefaultValueFactory = _ => 86 };
        var noise = new Option<double>("--noise") { Description = "Gaussian noise added to each query value (track values have deviation ≈ 1)", DefaultValueFactory = _ => 0.5 };
        var top = new Option<int>("--top") { Description = "Tracks returned per query", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "Threads one query may use", DefaultValueFactory = _ => 2 };
        var band = new Option<int?>("--band") { Description = "Sakoe–Chiba radius in frames (default 10% of the query)" };
        var candWindows = new Option<int>("--candidate-windows") { Description = "Nearest windows per query vector", DefaultValueFactory = _ => 200 };
        var candTracks = new Option<int>("--candidate-tracks") { Description = "Tracks sent to DTW", DefaultValueFactory = _ => 50 };
        var exhaustive = new Option<int>("--exhaustive") { Description = "Also run this many queries with DTW over every track (no candidate stage)", DefaultValueFactory = _ => 0 };
        var dir = new Option<string?>("--dir") { Description = "Directory for the temporary sequence file (default: system temp)" };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON" };
        var command = new Command("bench-search", "Benchmark similarity search latency, memory and candidate recall on a synthetic catalog");
        foreach (var o in new Option[] { tracks, queries, seed, dims, clusters, queryFrames, noise, top, threads, band, candWindows, candTracks, exhaustive, dir, json })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var settings = new SearchBenchmarkSettings
            {
                Tracks = parse.GetValue(tracks), Queries = parse.GetValue(queries), Seed = (ulong)parse.GetValue(seed),
                Dims = parse.GetValue(dims), Clusters = parse.GetValue(clusters), QueryFrames = parse.GetValue(queryFrames),
                Noise = parse.GetValue(noise), Top = parse.GetValue(top), Threads = parse.GetValue(threads), Band = parse.GetValue(band),
                CandidateWindows = parse.GetValue(candWindows), CandidateTracks = parse.GetValue(candTracks),
                ExhaustiveQueries = parse.GetValue(exhaustive), Directory = parse.GetValue(dir),
            };
            if (settings.Tracks < 1 || settings.Queries < 1 || settings.Dims < 1 || settings.Clusters < 1 || settings.Top < 1
                || settings.Threads < 1 || settings.QueryFrames < 2 || settings.QueryFrames > 1300 || settings.CandidateTracks < 1 || settings.CandidateWindows < 1)
            {
                Console.Error.WriteLine("bench-search: every count must be at least 1 and --query-frames between 2 and 1300.");
                return 2;
            }
            try
            {
                var report = SearchBenchmark.Run(settings, m => Console.Error.WriteLine(m));
                if (parse.GetValue(json))
                    Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
                else
                    Print(report);
                return 0;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or OutOfMemoryException)
            {
                Console.Error.WriteLine($"bench-search: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static void Print(SearchBenchmarkReport r)
    {
        var s = r.Settings;
        Console.WriteLine($"catalog: {s.Tracks} tracks × {s.Dims} dims, {s.Clusters} clusters, {r.Windows} windows; queries: {s.Queries} × {s.QueryFrames} frames, noise {s.Noise}; threads {s.Threads}");
        Console.WriteLine($"build: {r.BuildSeconds:F1} s; sequence file {r.SequenceFileBytes / 1e6:F0} MB (on disk, read per candidate); window index {r.WindowIndexBytes / 1e6:F0} MB");
        Console.WriteLine($"resident: {r.WorkingSetAfterBuild / 1e6:F0} MB after build, {r.WorkingSetAfterQueries / 1e6:F0} MB after queries, peak {r.PeakWorkingSet / 1e6:F0} MB; managed heap {r.ManagedHeapBytes / 1e6:F0} MB");
        Console.WriteLine($"search latency: p50 {r.SearchP50:F1} ms, p95 {r.SearchP95:F1} ms, max {r.SearchMax:F1} ms ; process CPU time per query p50 {r.CpuP50:F1} / p95 {r.CpuP95:F1} ms; load average {r.LoadAverage:F1} (candidate stage p50 {r.CandidateP50:F1} / p95 {r.CandidateP95:F1} ms; DTW p50 {r.DtwP50:F1} / p95 {r.DtwP95:F1} ms)");
        Console.WriteLine($"candidate stage: {r.MeanCandidates:F1} tracks per query, source kept {r.CandidateRecall:P1}; hit@1 {r.HitAt1:P1}, hit@5 {r.HitAt5:P1}");
        Console.WriteLine($"placements: {r.PrunedByEnvelope:P1} pruned by the track envelope, {r.PrunedByKim:P1} by LB_Kim, {r.PrunedByKeogh:P1} by LB_Keogh, {r.PrunedBySubsequence:P2} by bounds above the track's best so far, {r.DtwAbandoned:P2} DTW abandoned, {r.DtwCompleted:P3} DTW completed");
        if (r.ExhaustiveQueries > 0)
            Console.WriteLine($"exhaustive DTW over all tracks ({r.ExhaustiveQueries} queries): p50 {r.ExhaustiveP50:F0} ms, max {r.ExhaustiveMax:F0} ms; hit@1 {r.ExhaustiveHitAt1:P0}; same top-1 as with the candidate stage {r.ExhaustiveAgreesWithCandidateStage:P0}");
    }
}
