using System.Diagnostics;
using System.Threading.Channels;
using TuneBot.Core.Storage;

namespace TuneBot.Core.Ingestion;

/// <summary>Options of an ingest run.</summary>
public sealed record IngestOptions
{
    /// <summary>Files decoded and analysed at once (default 2: one per core of the target machine).</summary>
    public int Workers { get; init; } = 2;
    /// <summary>Called after every file of every phase, from any thread.</summary>
    public Action<IngestProgress>? Progress { get; init; }

    /// <summary>
    /// Return the previous file's large buffers to the OS before the next one (a compacting full collection
    /// after each file; a few milliseconds). Default true: without it the process keeps the peak of every
    /// long track it has seen (decoded audio, STFT, HPSS masks live on the large-object heap).
    /// </summary>
    public bool CompactAfterEachFile { get; init; } = true;

    /// <summary>
    /// Remove stored tracks whose files are gone from the scanned folders (<see cref="IngestPlanner.Gone"/>), so
    /// the bot stops recommending songs that are no longer there. Default false: they are only reported
    /// (<see cref="IngestOutcome.Gone"/>), because a file missing by accident would otherwise lose its analysis.
    /// Nothing is removed from a cancelled run.
    /// </summary>
    public bool Prune { get; init; }
}

/// <summary>
/// Brings the catalog up to date with files and folders: scan, hash what may have changed, plan
/// (<see cref="IngestPlanner"/>), apply moves, then analyse new and changed files with
/// <see cref="IngestOptions.Workers"/> workers and store each track in its own transaction. An interrupted run
/// loses at most the files in flight; the next run resumes (stored files are then unchanged). One bad file is
/// recorded as failed with its reason and the batch goes on. Runs against one database are exclusive
/// (<see cref="IngestLock"/>).
/// <para>Tracks are stored in path order, so the same files get the same ids whatever the number of workers.
/// Memory is bounded: each worker holds one decoded file (≤ 10 minutes of audio) and its features, and at most
/// 32 analysed tracks (their compact sequences, under 1 MB each) wait for the single writer.</para>
/// </summary>
public sealed class CatalogIngestor(CatalogDatabase db, TrackAnalyzer? analyzer = null)
{
    private readonly TrackAnalyzer _analyzer = analyzer ?? new TrackAnalyzer();

    /// <summary>Most analysed tracks that may wait for an earlier one to be written (path order).</summary>
    private const int ReorderWindow = 32;

    /// <summary>Ingests <paramref name="paths"/> (files or folders). Cancellation stops after the files in flight
    /// are stored and returns a report with <see cref="IngestReport.Cancelled"/> set.</summary>
    /// <exception cref="IngestInProgressException">Another ingest holds the catalog.</exception>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    public async Task<IngestReport> RunAsync(IReadOnlyList<string> paths, IngestOptions? options = null, CancellationToken ct = default)
    {
        options ??= new IngestOptions();
        var clock = Stopwatch.StartNew();
        await db.MigrateAsync(ct);
        await using var ingestLock = await IngestLock.AcquireAsync(db, ct);
        var store = new TrackStore(db);
        var landmarkStore = new LandmarkStore(db);
        var items = new List<IngestItem>();
        int landmarkTracks = 0;
        var landmarkTime = TimeSpan.Zero;
        var report = (bool cancelled, double seconds, int analysed, TimeSpan analysisTime) => new IngestReport
        {
            Items = items, MissingRoots = [], AnalysedAudioSeconds = seconds, AnalysedFiles = analysed,
            Elapsed = clock.Elapsed, AnalysisElapsed = analysisTime, Cancelled = cancelled,
            LandmarkTracks = landmarkTracks, LandmarkElapsed = landmarkTime,
        };

        var scan = AudioFileScanner.Scan(paths);
        options.Progress?.Invoke(new IngestProgress("scan", scan.Files.Count, scan.Files.Count, 0, null));
        var stored = await store.ListFileStatesAsync(ct);
        var byPath = IngestPlanner.ByPath(stored);

        // Hash every file the cheap size/mtime check cannot vouch for.
        var toHash = scan.Files.Where(f => IngestPlanner.NeedsHash(f, byPath)).ToList();
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        int hashed = 0;
        try
        {
            await Parallel.ForEachAsync(toHash, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Workers), CancellationToken = ct },
                async (f, token) =>
                {
                    IngestItem? failed = null;
                    try
                    {
                        var h = await ContentHash.ComputeAsync(f.Path, token);
                        lock (hashes) hashes[f.Path] = h;
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        failed = new IngestItem(f.Path, IngestOutcome.Failed, null, $"Cannot read the file: {e.Message}");
                        lock (items) items.Add(failed);
                    }
                    int n = Interlocked.Increment(ref hashed);
                    options.Progress?.Invoke(new IngestProgress("hash", n, toHash.Count, 0, failed));
                });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return WithMissing(report(true, 0, 0, TimeSpan.Zero), scan);
        }

        var unreadable = items.Select(i => i.Path).ToHashSet(StringComparer.Ordinal);
        var files = scan.Files.Where(f => !unreadable.Contains(f.Path)).ToList();
        var plan = IngestPlanner.Plan(stored, files, hashes, TrackAnalyzer.SummaryDims, File.Exists);

        // Cheap steps first, each its own statement.
        var work = new List<PlannedStep>();
        foreach (var step in plan)
        {
            if (ct.IsCancellationRequested) return WithMissing(report(true, 0, 0, TimeSpan.Zero), scan);
            switch (step.Action)
            {
                case IngestAction.Unchanged:
                    if (step.TouchOnly) await store.UpdateFileAsync(step.TrackId!.Value, step.File.Path, step.File.Size, step.File.MtimeMs, ct);
                    items.Add(new IngestItem(step.File.Path, IngestOutcome.Unchanged, step.TrackId, null));
                    break;
                case IngestAction.Move:
                    await store.UpdateFileAsync(step.TrackId!.Value, step.File.Path, step.File.Size, step.File.MtimeMs, ct);
                    items.Add(new IngestItem(step.File.Path, IngestOutcome.Moved, step.TrackId, step.Detail));
                    break;
                case IngestAction.Duplicate:
                    items.Add(new IngestItem(step.File.Path, IngestOutcome.Duplicate, step.TrackId, step.Detail));
                    break;
                default:
                    work.Add(step);
                    break;
            }
        }

        // Analysis: workers → bounded channel → one writer, each track in its own transaction. The writer stores
        // tracks in plan (path) order, whatever order the workers finish in, so the same folder always gets the
        // same track ids, and the clustering that reads tracks by id gives the same themes run after run. The
        // window bounds how far the workers may run ahead of the oldest unwritten track: wide enough that the
        // other workers never wait behind one long track, and an analysed track waiting for its turn is small
        // (its compact sequence: under 1 MB for 10 minutes).
        var analysisClock = Stopwatch.StartNew();
        int workerCount = Math.Max(1, options.Workers);
        using var window = new SemaphoreSlim(Math.Max(ReorderWindow, 2 * workerCount));
        var queue = Channel.CreateBounded<(int Index, PlannedStep Step)>(new BoundedChannelOptions(workerCount) { SingleWriter = true });
        var results = Channel.CreateUnbounded<(int Index, PlannedStep Step, TrackAnalysisOutcome Outcome)>(
            new UnboundedChannelOptions { SingleReader = true });
        double audioSeconds = 0;
        int analysedFiles = 0, done = 0;

        var producer = Task.Run(async () =>
        {
            try
            {
                for (int i = 0; i < work.Count; i++)
                {
                    await window.WaitAsync(ct);
                    await queue.Writer.WriteAsync((i, work[i]), ct);
                }
            }
            catch (OperationCanceledException) { }
            finally { queue.Writer.Complete(); }
        });
        var workers = Enumerable.Range(0, workerCount).Select(_ => Task.Run(async () =>
        {
            await foreach (var (index, step) in queue.Reader.ReadAllAsync())
            {
                if (ct.IsCancellationRequested) break;
                TrackAnalysisOutcome outcome;
                try { outcome = await _analyzer.AnalyzeAsync(step.File, step.Hash!, ct); }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    outcome = new TrackAnalysisOutcome { FailureReason = $"Internal error while analysing: {e.GetType().Name}: {e.Message}" };
                }
                // Not cancellable: an analysed track is always handed to the writer.
                results.Writer.TryWrite((index, step, outcome));
                if (options.CompactAfterEachFile)
                {
                    System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                }
            }
        })).ToArray();
        var closer = Task.WhenAll(workers).ContinueWith(_ => results.Writer.Complete(), TaskScheduler.Default);

        // Re-encoded copies of stored recordings are recognised by audio (the hash only catches byte copies).
        var sameRecordings = work.Any(s => s.Action == IngestAction.Add)
            ? await SameRecordingIndex.LoadAsync(store, File.Exists, CancellationToken.None) : null;
        Exception? writeFailure = null;
        async Task WriteAsync(PlannedStep step, TrackAnalysisOutcome outcome)
        {
            analysedFiles++;
            audioSeconds += outcome.AnalysedSeconds;
            if (writeFailure is not null) return;   // drain so the workers can finish
            IngestItem item;
            if (outcome.Track is null)
                item = new IngestItem(step.File.Path, IngestOutcome.Failed, step.TrackId, outcome.FailureReason ?? "unknown failure");
            else
            {
                try
                {
                    // The first-stored copy is kept: its id, clusters and the bot's references to it stay valid.
                    var same = step.Action == IngestAction.Add && sameRecordings is not null
                        ? await sameRecordings.FindAsync(outcome.Track, CancellationToken.None) : null;
                    if (same is { } kept)
                        item = new IngestItem(step.File.Path, IngestOutcome.SameRecording, kept.Id, kept.Name);
                    else
                    {
                        // The write itself is not cancelled: a track is stored whole or not at all, and Ctrl-C waits for it.
                        long id = await store.SaveAsync(outcome.Track, step.Action == IngestAction.Update ? step.TrackId : null, CancellationToken.None);
                        sameRecordings?.Add(id, outcome.Track);
                        await landmarkStore.SaveAsync(id, outcome.Track.ContentHash, outcome.Landmarks, CancellationToken.None);
                        landmarkTracks++;
                        landmarkTime += outcome.LandmarkElapsed;
                        item = new IngestItem(step.File.Path, step.Action == IngestAction.Add ? IngestOutcome.Added : IngestOutcome.Updated, id, step.Detail);
                    }
                }
                catch (CatalogUnavailableException e) { writeFailure = e; return; }
            }
            items.Add(item);
            options.Progress?.Invoke(new IngestProgress("analyse", ++done, work.Count, audioSeconds, item));
        }

        var waiting = new SortedDictionary<int, (PlannedStep Step, TrackAnalysisOutcome Outcome)>();
        int next = 0;
        await foreach (var (index, step, outcome) in results.Reader.ReadAllAsync(CancellationToken.None))
        {
            waiting[index] = (step, outcome);
            while (waiting.Remove(next, out var ready))
            {
                await WriteAsync(ready.Step, ready.Outcome);
                next++;
                window.Release();
            }
        }
        // Cancelled: the steps before these never ran; what was analysed is still stored, in order.
        foreach (var (step, outcome) in waiting.Values) await WriteAsync(step, outcome);
        await closer;
        await producer;
        if (writeFailure is not null) throw writeFailure;
        bool cancelled = ct.IsCancellationRequested && done < work.Count;
        var analysisElapsed = analysisClock.Elapsed;
        if (!ct.IsCancellationRequested)
        {
            var backfill = await LandmarkBackfill.RunAsync(db, workerCount, options.Progress, ct: ct);
            landmarkTracks += backfill.Tracks;
            landmarkTime += backfill.ComputeTime;
        }

        // A named folder that is not there is judged only with an explicit --prune (a deleted folder is pruned, its
        // tracks listed as removed); without it, it may be an unmounted disk and nothing under it is touched.
        var judged = options.Prune ? [.. scan.Roots, .. scan.MissingRoots.Select(Path.GetFullPath)] : scan.Roots;
        var goneTracks = IngestPlanner.Gone(stored, plan, judged, File.Exists);
        var titles = goneTracks.Count == 0 ? [] : (await store.ListAsync(CancellationToken.None)).ToDictionary(t => t.Id, t => t.DisplayName);
        foreach (var gone in goneTracks)
        {
            string title = titles.GetValueOrDefault(gone.Id) ?? Path.GetFileNameWithoutExtension(gone.Path);
            bool remove = options.Prune && !cancelled;
            if (remove) await store.DeleteAsync(gone.Id, CancellationToken.None);
            items.Add(new IngestItem(gone.Path, remove ? IngestOutcome.Removed : IngestOutcome.Gone, gone.Id, title));
        }
        if (done > 0 || items.Any(i => i.Outcome == IngestOutcome.Removed)) await db.CheckpointAsync(CancellationToken.None);
        return WithMissing(report(cancelled, audioSeconds, analysedFiles, analysisElapsed), scan);
    }

    private static IngestReport WithMissing(IngestReport r, ScanResult scan) => new()
    {
        Items = r.Items, MissingRoots = scan.MissingRoots, AnalysedAudioSeconds = r.AnalysedAudioSeconds,
        AnalysedFiles = r.AnalysedFiles, Elapsed = r.Elapsed, AnalysisElapsed = r.AnalysisElapsed, Cancelled = r.Cancelled,
        LandmarkTracks = r.LandmarkTracks, LandmarkElapsed = r.LandmarkElapsed,
    };
}
