using TuneBot.Core.Storage;
using TuneBot.Core.Similarity.Fingerprints;

namespace TuneBot.Benchmarks;

/// <summary>
/// Music a catalog holds twice (one tune in two soundtracks, a loop reused by another track): every 5 s stretch of
/// each track's stored landmarks is matched against the others with the track itself left out, as `eval snippets
/// --outsiders` does; a confident match names the other track holding the same audio. Such a pair makes an
/// outsider clip "identified" correctly, not a false match.
/// </summary>
internal static class LandmarkOverlap
{
    public static async Task RunAsync(string db)
    {
        var database = CatalogDatabase.Create("sqlite", db);
        var rows = await new LandmarkStore(database).ListCurrentAsync();
        var tracks = (await new TrackStore(database).ListAsync()).ToDictionary(t => t.Id);
        var matcher = new LandmarkMatcher(LandmarkIndex.Build(rows));
        int window = (int)(5 / LandmarkSettings.Default.FrameSeconds), stretches = 0;
        var shared = new Dictionary<(long, long), (int Stretches, int MaxAligned)>();
        foreach (var (id, landmarks) in rows)
        {
            int last = landmarks.Length == 0 ? 0 : landmarks.Max(l => l.Frame);
            for (int start = 0; start + window <= last; start += window)
            {
                var query = landmarks.Where(l => l.Frame >= start && l.Frame < start + window).Select(l => l with { Frame = l.Frame - start }).ToList();
                stretches++;
                if (matcher.Match(query, excludeTrackId: id) is not { Confident: true } m) continue;
                var key = (id, m.TrackId);
                var s = shared.GetValueOrDefault(key);
                shared[key] = (s.Stretches + 1, Math.Max(s.MaxAligned, m.Aligned));
            }
        }
        Console.WriteLine($"{rows.Count} tracks, {stretches} stretches of 5 s; confidently matched to another track:");
        foreach (var ((a, b), s) in shared.OrderByDescending(kv => kv.Value.Stretches))
            Console.WriteLine($"  {a} {tracks[a].Album} / {tracks[a].Title} → {b} {tracks[b].Album} / {tracks[b].Title}: {s.Stretches} stretches, up to {s.MaxAligned} aligned");
    }
}
