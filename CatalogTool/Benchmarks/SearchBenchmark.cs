using TuneBot.Core.Evaluation;
using System.Diagnostics;
using TuneBot.Core.Similarity;

namespace TuneBot.CatalogTool.Benchmarks;

/// <summary>Settings of one <c>bench-search</c> run.</summary>
public sealed record SearchBenchmarkSettings
{
    public int Tracks { get; init; } = 10_000;
    public int Queries { get; init; } = 200;
    public ulong Seed { get; init; } = 1;
    public int Dims { get; init; } = 24;
    public int Clusters { get; init; } = 50;
    public int QueryFrames { get; init; } = 86;
    public double Noise { get; init; } = 0.5;
    public int Top { get; init; } = 10;
    public int Threads { get; init; } = 2;
    public int? Band { get; init; }
    public int CandidateWindows { get; init; } = 200;
    public int CandidateTracks { get; init; } = 50;
    public int ExhaustiveQueries { get; init; }
    public string? Directory { get; init; }
}

/// <summary>Measured figures of one run (latencies in milliseconds, sizes in bytes).</summary>
public sealed record SearchBenchmarkReport
{
    public required SearchBenchmarkSettings Settings { get; init; }
    public double BuildSeconds { get; init; }
    public long SequenceFileBytes { get; init; }
    public int Windows { get; init; }
    public long WindowIndexBytes { get; init; }
    public long WorkingSetAfterBuild { get; init; }
    public long WorkingSetAfterQueries { get; init; }
    public long PeakWorkingSet { get; init; }
    public long ManagedHeapBytes { get; init; }
    public double SearchP50 { get; init; }
    public double SearchP95 { get; init; }
    public double SearchMax { get; init; }
    public double CandidateP50 { get; init; }
    public double CandidateP95 { get; init; }
    public double DtwP50 { get; init; }
    public double DtwP95 { get; init; }
    public double CandidateRecall { get; init; }
    public double HitAt1 { get; init; }
    public double HitAt5 { get; init; }
    public double MeanCandidates { get; init; }
    public double PrunedByKim { get; init; }
    public double PrunedByKeogh { get; init; }
    public double PrunedBySubsequence { get; init; }
    public double PrunedByEnvelope { get; init; }
    public double DtwAbandoned { get; init; }
    public double CpuP50 { get; init; }
    public double CpuP95 { get; init; }
    public double LoadAverage { get; init; }
    public double DtwCompleted { get; init; }
    public int ExhaustiveQueries { get; init; }
    public double ExhaustiveP50 { get; init; }
    public double ExhaustiveMax { get; init; }
    public double ExhaustiveHitAt1 { get; init; }
    public double ExhaustiveAgreesWithCandidateStage { get; init; }
}

/// <summary>
/// The scale benchmark: builds a synthetic catalog (sequences quantised into a file, windows summarised in
/// memory; one track in memory at a time), then times <see cref="SearchIndex.Search"/> on noisy clips cut from
/// catalog tracks, and measures how often the candidate stage keeps the source track.
/// </summary>
public static class SearchBenchmark
{
    public static SearchBenchmarkReport Run(SearchBenchmarkSettings s, Action<string> log)
    {
        var catalog = new SyntheticCatalog(s.Tracks, s.Dims, s.Clusters, s.Seed);
        string dir = s.Directory ?? Path.Combine(Path.GetTempPath(), $"tunebot-bench-search-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, $"sequences-{s.Tracks}-{s.Dims}-{s.Seed}.tbsq");
        try
        {
            var build = Stopwatch.StartNew();
            var windows = new WindowIndex(s.Dims);
            var tracks = new IndexedTrack[s.Tracks];
            using (var writer = new QuantizedSequenceFile.Writer(path, s.Dims))
            {
                float[] buffer = [];
                for (int i = 0; i < s.Tracks; i++)
                {
                    int frames = catalog.Generate(i, ref buffer);
                    writer.Append(buffer.AsSpan(0, frames * s.Dims), frames);
                    windows.Add(i, buffer, frames);
                    tracks[i] = new IndexedTrack(i, catalog.ClusterOf(i));
                    if ((i + 1) % 10_000 == 0) log($"built {i + 1}/{s.Tracks} tracks ({build.Elapsed.TotalSeconds:F0} s)");
                }
                writer.Finish();
            }
            using var index = new SearchIndex(tracks, QuantizedSequenceFile.Open(path), windows);
            double buildSeconds = build.Elapsed.TotalSeconds;
            ForceFullCollection();
            long wsBuild = Process.GetCurrentProcess().WorkingSet64;
            log($"index: {s.Tracks} tracks, {windows.Count} windows ({windows.ResidentBytes / 1e6:F0} MB), sequence file {new FileInfo(path).Length / 1e6:F0} MB, built in {buildSeconds:F1} s");

            var options = new SearchOptions { Band = s.Band, CandidateWindows = s.CandidateWindows, CandidateTracks = s.CandidateTracks, MaxDegreeOfParallelism = s.Threads };
            var rng = new SyntheticCatalog.Rng(s.Seed * 7919 + 17);
            float[] source = [];
            var queries = new List<(int Source, FrameSequence Query)>();
            for (int q = 0; q < s.Queries + 5; q++)
            {
                int src = (int)(rng.Next() % (ulong)s.Tracks);
                int frames = catalog.Generate(src, ref source);
                int start = (int)(rng.Next() % (ulong)(frames - s.QueryFrames + 1));
                var data = source.AsSpan(start * s.Dims, s.QueryFrames * s.Dims).ToArray();
                for (int i = 0; i < data.Length; i++) data[i] += (float)(rng.Gaussian() * s.Noise);
                queries.Add((src, new FrameSequence(data, s.QueryFrames, s.Dims)));
            }
            // Warm-up: JIT tiers and the file cache of the first pages, not measured.
            foreach (var (_, q) in queries.Take(5)) index.Search(q, s.Top, null, options);
            queries = queries.Skip(5).ToList();

            var cpu = new List<double>();
            using var self = Process.GetCurrentProcess();
            var total = new List<double>(); var cand = new List<double>(); var dtw = new List<double>();
            int recall = 0, hit1 = 0, hit5 = 0; long candidates = 0;
            var stats = new ScanStatistics();
            var firstResults = new List<long>();
            foreach (var (src, q) in queries)
            {
                self.Refresh();
                var cpu0 = self.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var r = index.Search(q, s.Top, null, options);
                total.Add(sw.Elapsed.TotalMilliseconds);
                self.Refresh();
                cpu.Add((self.TotalProcessorTime - cpu0).TotalMilliseconds);
                cand.Add(r.CandidateTime.TotalMilliseconds);
                dtw.Add(r.DtwTime.TotalMilliseconds);
                candidates += r.CandidateCount;
                stats.Add(r.Statistics);
                if (r.Results.Count > 0 && r.Results[0].TrackId == src) hit1++;
                if (r.Results.Take(5).Any(x => x.TrackId == src)) hit5++;
                firstResults.Add(r.Results.Count > 0 ? r.Results[0].TrackId : -1);
                // Recall of the candidate stage, measured outside the timed search.
                if (windows.CandidateTracks(q, s.CandidateWindows, s.CandidateTracks, null, s.Threads).Contains(src)) recall++;
            }
            long wsQueries = Process.GetCurrentProcess().WorkingSet64;

            var exhaustive = new List<double>(); int exHit = 0, exAgree = 0;
            var exOptions = options with { UseWindowIndex = false };
            for (int i = 0; i < Math.Min(s.ExhaustiveQueries, queries.Count); i++)
            {
                var sw = Stopwatch.StartNew();
                var r = index.Search(queries[i].Query, s.Top, null, exOptions);
                exhaustive.Add(sw.Elapsed.TotalMilliseconds);
                long first = r.Results.Count > 0 ? r.Results[0].TrackId : -1;
                if (first == queries[i].Source) exHit++;
                if (first == firstResults[i]) exAgree++;
                log($"exhaustive query {i + 1}: {exhaustive[^1]:F0} ms");
            }
            int nq = queries.Count, ne = Math.Max(1, exhaustive.Count);
            return new SearchBenchmarkReport
            {
                Settings = s,
                BuildSeconds = buildSeconds,
                SequenceFileBytes = new FileInfo(path).Length,
                Windows = windows.Count,
                WindowIndexBytes = windows.ResidentBytes,
                WorkingSetAfterBuild = wsBuild,
                WorkingSetAfterQueries = wsQueries,
                PeakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64,
                ManagedHeapBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
                SearchP50 = Percentile(total, 0.50), SearchP95 = Percentile(total, 0.95), SearchMax = total.Max(),
                CandidateP50 = Percentile(cand, 0.50), CandidateP95 = Percentile(cand, 0.95),
                DtwP50 = Percentile(dtw, 0.50), DtwP95 = Percentile(dtw, 0.95),
                CandidateRecall = (double)recall / nq, HitAt1 = (double)hit1 / nq, HitAt5 = (double)hit5 / nq,
                MeanCandidates = (double)candidates / nq,
                PrunedByKim = (double)stats.PrunedByKim / Math.Max(1, stats.Windows),
                PrunedByKeogh = (double)stats.PrunedByKeogh / Math.Max(1, stats.Windows),
                PrunedBySubsequence = (double)stats.PrunedBySubsequence / Math.Max(1, stats.Windows),
                PrunedByEnvelope = (double)stats.PrunedByEnvelope / Math.Max(1, stats.Windows),
                CpuP50 = Percentile(cpu, 0.50), CpuP95 = Percentile(cpu, 0.95),
                LoadAverage = ReadLoadAverage(),
                DtwAbandoned = (double)stats.DtwAbandoned / Math.Max(1, stats.Windows),
                DtwCompleted = (double)stats.DtwCompleted / Math.Max(1, stats.Windows),
                ExhaustiveQueries = exhaustive.Count,
                ExhaustiveP50 = exhaustive.Count > 0 ? Percentile(exhaustive, 0.5) : 0,
                ExhaustiveMax = exhaustive.Count > 0 ? exhaustive.Max() : 0,
                ExhaustiveHitAt1 = (double)exHit / ne,
                ExhaustiveAgreesWithCandidateStage = (double)exAgree / ne,
            };
        }
        finally
        {
            try { File.Delete(path); } catch (IOException) { }
            if (s.Directory is null) try { System.IO.Directory.Delete(dir); } catch (IOException) { }
        }
    }

    private static void ForceFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    private static double ReadLoadAverage()
    {
        try { return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return double.NaN; }
    }

    private static double Percentile(List<double> values, double p) => Percentiles.NearestRank(values, p);
}
