using System.Diagnostics;

namespace TuneBot.Core.Similarity;

/// <summary>
/// The catalog loaded once for similarity search: tracks (id, cluster), their frame sequences (in memory or a
/// <see cref="QuantizedSequenceFile"/>), and optionally a <see cref="WindowIndex"/> candidate stage.
/// <see cref="Search"/> is thread-safe: every query owns its scratch (scanners, decode buffers, top-N).
/// </summary>
public sealed class SearchIndex : IDisposable
{
    private readonly IndexedTrack[] _tracks;
    private readonly Dictionary<long, int> _byId;
    // Per-thread scratch (cost matrices, DP rows, decode buffers) reused across queries: a search takes one per
    // worker thread and gives it back, so memory stays at (concurrent workers) × scratch instead of growing with
    // garbage per query.
    private readonly System.Collections.Concurrent.ConcurrentBag<Worker> _workers = [];

    private sealed class Worker
    {
        public readonly BandedTrackScanner Scanner = new();
        public readonly SubsequenceDtw.Workspace Workspace = new();
        public float[] Scratch = [];
    }

    /// <param name="tracks">Track i's sequence is <paramref name="sequences"/>' entry i.</param>
    /// <param name="windows">Candidate stage over the same track positions, or null.</param>
    public SearchIndex(IReadOnlyList<IndexedTrack> tracks, SequenceStore sequences, WindowIndex? windows = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        ArgumentNullException.ThrowIfNull(sequences);
        if (tracks.Count != sequences.Count) throw new ArgumentException("One sequence per track is required.", nameof(sequences));
        if (windows is not null && windows.Dims != sequences.Dims) throw new ArgumentException("Window index dimension differs.", nameof(windows));
        _tracks = tracks.ToArray();
        _byId = new Dictionary<long, int>(_tracks.Length);
        for (int i = 0; i < _tracks.Length; i++)
            if (!_byId.TryAdd(_tracks[i].TrackId, i)) throw new ArgumentException($"Track id {_tracks[i].TrackId} appears twice.", nameof(tracks));
        Sequences = sequences;
        Windows = windows;
    }

    /// <summary>Builds an in-memory index (float32 sequences) and, when <paramref name="withWindowIndex"/>, its
    /// window index with the given window and hop in frames.</summary>
    public static SearchIndex Build(IReadOnlyList<(IndexedTrack Track, FrameSequence Sequence)> items, int dims,
        bool withWindowIndex = true, int windowFrames = 86, int hopFrames = 43)
    {
        var store = new InMemorySequenceStore(items.Select(i => i.Sequence).ToList(), dims);
        WindowIndex? windows = null;
        if (withWindowIndex)
        {
            windows = new WindowIndex(dims, windowFrames, hopFrames);
            for (int i = 0; i < items.Count; i++) windows.Add(i, items[i].Sequence.Data, items[i].Sequence.Frames);
        }
        return new SearchIndex(items.Select(i => i.Track).ToList(), store, windows);
    }

    public int Count => _tracks.Length;
    public int Dims => Sequences.Dims;
    public IReadOnlyList<IndexedTrack> Tracks => _tracks;
    public SequenceStore Sequences { get; }
    public WindowIndex? Windows { get; }

    /// <summary>
    /// Ranks catalog tracks by DTW distance to <paramref name="query"/> and returns the best
    /// <paramref name="topN"/>, each with its matched span. Exact for the chosen <see cref="DtwMode"/> over the
    /// tracks that reach the DTW stage (all allowed tracks, or the window index's shortlist).
    /// </summary>
    /// <param name="query">The clip's frames (same dimension as the catalog, at least 2 frames).</param>
    /// <param name="topN">Number of tracks to return (≥ 1).</param>
    /// <param name="filter">Optional restriction to track ids and/or clusters.</param>
    public SearchResponse Search(FrameSequence query, int topN, SearchFilter? filter = null, SearchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        options ??= new SearchOptions();
        if (topN < 1) throw new ArgumentOutOfRangeException(nameof(topN));
        if (_tracks.Length == 0) return Fail(SearchOutcome.EmptyIndex, "The catalog has no indexed tracks.");
        if (query.Dims != Dims) return Fail(SearchOutcome.DimensionMismatch, $"The query has {query.Dims} values per frame, the catalog {Dims}.");
        if (query.Frames < 2) return Fail(SearchOutcome.QueryTooShort, "The query is shorter than two frames.");

        var clock = Stopwatch.StartNew();
        bool[]? allowed = AllowedMask(filter);
        int parallelism = Math.Max(1, options.MaxDegreeOfParallelism);
        List<int> candidates;
        if (options.UseWindowIndex && Windows is not null)
            candidates = Windows.CandidateTracks(query, options.CandidateWindows, options.CandidateTracks, allowed, parallelism);
        else
        {
            candidates = new List<int>(_tracks.Length);
            for (int i = 0; i < _tracks.Length; i++) if (allowed is null || allowed[i]) candidates.Add(i);
        }
        var candidateTime = clock.Elapsed;
        if (candidates.Count == 0)
            return Fail(SearchOutcome.NoCandidates, "No catalog track passes the filter.", candidateTime);

        var top = new TopMatchCollector(topN);
        var stats = new ScanStatistics();
        var dtwQuery = options.Mode == DtwMode.Banded ? new DtwQuery(query, options.BandFor(query.Frames)) : null;
        int next = -1;
        int workers = Math.Min(parallelism, candidates.Count);
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            var worker = _workers.TryTake(out var pooled) ? pooled : new Worker();
            var scanner = worker.Scanner;
            scanner.Statistics.Reset();
            int c;
            while ((c = Interlocked.Increment(ref next)) < candidates.Count)
            {
                int index = candidates[c];
                var frames = Sequences.Read(index, ref worker.Scratch);
                int m = Sequences.FrameCount(index);
                DtwMatch match = dtwQuery is not null
                    ? scanner.Scan(dtwQuery, frames, m, top)
                    : SubsequenceDtw.Compute(query.Data, query.Frames, frames, m, Dims, worker.Workspace, top.Threshold);
                top.Offer(_tracks[index].TrackId, index, match);
            }
            lock (stats) stats.Add(scanner.Statistics);
            _workers.Add(worker);
        });
        var results = top.Results().Select(r => new SearchResult(r.TrackId, _tracks[r.TrackIndex].ClusterId, r.Match.Cost,
            r.Match.CostPerQueryFrame, r.Match.StartFrame, r.Match.EndFrame)).ToList();
        return new SearchResponse
        {
            Outcome = SearchOutcome.Ok,
            Results = results,
            CandidateCount = candidates.Count,
            CandidateTime = candidateTime,
            DtwTime = clock.Elapsed - candidateTime,
            Statistics = stats,
        };
    }

    private bool[]? AllowedMask(SearchFilter? filter)
    {
        if (filter is null || (filter.TrackIds is null && filter.ClusterIds is null)) return null;
        var mask = new bool[_tracks.Length];
        HashSet<int>? clusters = filter.ClusterIds is null ? null : [.. filter.ClusterIds];
        if (filter.TrackIds is not null)
        {
            foreach (var id in filter.TrackIds)
                if (_byId.TryGetValue(id, out int i) && (clusters is null || clusters.Contains(_tracks[i].ClusterId))) mask[i] = true;
        }
        else
        {
            for (int i = 0; i < _tracks.Length; i++) mask[i] = clusters!.Contains(_tracks[i].ClusterId);
        }
        return mask;
    }

    private static SearchResponse Fail(SearchOutcome outcome, string reason, TimeSpan candidateTime = default)
        => new() { Outcome = outcome, Reason = reason, CandidateTime = candidateTime };

    public void Dispose() => Sequences.Dispose();
}
