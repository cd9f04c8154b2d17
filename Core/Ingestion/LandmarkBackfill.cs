using System.Diagnostics;
using TuneBot.Core.Audio;
using TuneBot.Core.Similarity.Fingerprints;
using TuneBot.Core.Storage;

namespace TuneBot.Core.Ingestion;

/// <summary>
/// Computes the landmarks of stored tracks that have none current (a catalog ingested before the identification
/// stage existed, or after <see cref="LandmarkSettings.Version"/> changed): decode (<see cref="DecodeOptions.Ingest"/>),
/// fingerprint, store, without touching the rest of the track. Run at the end of every ingest; a track whose file is
/// gone or unreadable is skipped (identification then falls back on DTW for it).
/// </summary>
public static class LandmarkBackfill
{
    public sealed record Result(int Tracks, int Skipped, TimeSpan ComputeTime);

    public static async Task<Result> RunAsync(CatalogDatabase db, int workers, Action<IngestProgress>? progress, AudioDecoder? decoder = null,
        CancellationToken ct = default)
    {
        var store = new LandmarkStore(db);
        var missing = await store.ListMissingAsync(ct);
        if (missing.Count == 0) return new Result(0, 0, TimeSpan.Zero);
        decoder ??= new AudioDecoder();
        int done = 0, stored = 0, skipped = 0;
        long computeTicks = 0;
        try
        {
            await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers), CancellationToken = ct },
                async (t, token) =>
                {
                    IngestItem? failed = null;
                    var decoded = File.Exists(t.Path) ? await decoder.DecodeAsync(t.Path, DecodeOptions.Ingest, token) : null;
                    if (decoded is { Success: true })
                    {
                        var clock = Stopwatch.StartNew();
                        var landmarks = LandmarkFingerprint.Compute(decoded.Audio!.Samples);
                        Interlocked.Add(ref computeTicks, clock.Elapsed.Ticks);
                        // Not cancelled mid-write: a row is stored whole or not at all.
                        await store.SaveAsync(t.TrackId, t.ContentHash, landmarks, CancellationToken.None);
                        Interlocked.Increment(ref stored);
                    }
                    else
                    {
                        Interlocked.Increment(ref skipped);
                        failed = new IngestItem(t.Path, IngestOutcome.Failed, t.TrackId,
                            $"Landmarks not computed: {decoded?.Reason ?? "the file is gone"}");
                    }
                    progress?.Invoke(new IngestProgress("landmarks", Interlocked.Increment(ref done), missing.Count, 0, failed));
                });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        return new Result(stored, skipped, TimeSpan.FromTicks(computeTicks));
    }
}
