using System.Diagnostics;
using TuneBot.Core.Audio;
using TuneBot.Core.Storage;
using TuneBot.Core.Similarity.Fingerprints;

namespace TuneBot.Benchmarks;

/// <summary>
/// Cost of the landmark identification stage on a real catalog: stored landmarks per track-minute and bytes, the
/// in-memory index's build time and size, fingerprinting CPU time per track-minute (what ingest adds, decoding
/// excluded), and per 8 s clip the query fingerprint (at the given sub-hop shifts) and the index lookup, CPU time.
/// </summary>
internal static class LandmarkStopwatch
{
    public static async Task RunAsync(string db, int tracksToTime, int shifts)
    {
        var database = CatalogDatabase.Create("sqlite", db);
        var store = new LandmarkStore(database);
        var rows = await store.ListCurrentAsync();
        var tracks = (await new TrackStore(database).ListAsync()).ToDictionary(t => t.Id);
        var (count, bytes) = await store.SizeAsync();
        double minutes = rows.Sum(r => Math.Min(600, tracks[r.TrackId].DurationSeconds)) / 60;
        Console.WriteLine($"{rows.Count} tracks, {minutes:0.0} analysed minutes: {count / minutes:0} landmarks and {bytes / minutes / 1024:0.0} KiB per track-minute ({bytes / 1048576.0:0.0} MiB stored)");

        var clock = Stopwatch.StartNew();
        var index = LandmarkIndex.Build(rows);
        Console.WriteLine($"index build {clock.Elapsed.TotalMilliseconds:0} ms, {index.Bytes / 1048576.0:0.0} MiB in memory, " +
                          $"{index.LandmarkCount} entries ({index.StopHashes} stop-hashes left out)");
        var matcher = new LandmarkMatcher(index);

        var decoder = new AudioDecoder();
        var process = Process.GetCurrentProcess();
        double fingerprintCpuMs = 0, fingerprintMinutes = 0;
        var queryMs = new List<double>();
        var matchMs = new List<double>();
        int right = 0, clips = 0;
        foreach (var r in rows.Take(tracksToTime))
        {
            var decoded = await decoder.DecodeAsync(tracks[r.TrackId].Path, DecodeOptions.Ingest);
            if (!decoded.Success) continue;
            var samples = decoded.Audio!.Samples;
            process.Refresh();
            var c0 = process.TotalProcessorTime;
            LandmarkFingerprint.Compute(samples);
            process.Refresh();
            fingerprintCpuMs += (process.TotalProcessorTime - c0).TotalMilliseconds;
            fingerprintMinutes += samples.Length / 22050.0 / 60;
            for (int start = 22050 * 10; start + 8 * 22050 <= samples.Length && start < 22050 * 100; start += 22050 * 30)
            {
                var clip = samples.AsSpan(start, 8 * 22050).ToArray();
                // CPU time, not wall time: on a shared machine the wall clock measures the neighbours.
                process.Refresh();
                var q0 = process.TotalProcessorTime;
                var query = LandmarkFingerprint.ComputeQuery(clip, shifts);
                process.Refresh();
                var q1 = process.TotalProcessorTime;
                var match = matcher.Match(query);
                process.Refresh();
                queryMs.Add((q1 - q0).TotalMilliseconds);
                matchMs.Add((process.TotalProcessorTime - q1).TotalMilliseconds);
                clips++;
                if (match is { Confident: true } && match.TrackId == r.TrackId) right++;
            }
        }
        static double Median(List<double> x) { var s = x.Order().ToList(); return s.Count == 0 ? double.NaN : s[s.Count / 2]; }
        Console.WriteLine($"fingerprinting: {fingerprintCpuMs / Math.Max(1e-9, fingerprintMinutes):0} ms CPU per track-minute ({fingerprintMinutes:0.0} min timed)");
        Console.WriteLine($"{clips} clean 8 s clips, {shifts} shifts: query fingerprint CPU mean {queryMs.Average():0.0} ms, index lookup CPU mean {matchMs.Average():0.0} ms " +
                          $"(p50 {Median(matchMs):0.0}); identified {right} (process CPU time: timer granularity makes single values coarse)");
    }
}
