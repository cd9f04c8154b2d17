using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TuneBot.Core.Similarity;

/// <summary>
/// The cheap candidate stage before DTW: every catalog track is cut into windows of <see cref="WindowFrames"/>
/// frames every <see cref="HopFrames"/> frames, each summarised by the per-dimension mean and population standard
/// deviation of its frames (a vector of 2 × dims). A query is summarised the same way and the tracks owning its
/// nearest windows (brute-force SIMD k-nearest-neighbours, Euclidean) become the DTW candidates.
/// docs/retrieval.md: an 8 s clip's statistics differ from a whole track's, so the catalog is summarised per
/// window to look like a clip; over 84 real tracks the true track was among the 10 owning the nearest windows for
/// 87% of phone-degraded queries.
/// <para>Vectors are stored as float16 (three significant digits are plenty to shortlist, and it halves the
/// memory: 100,000 tracks × ~60 windows × 48 values = 576 MB), in chunks so the index grows without copying.
/// Adding is single-threaded; searching is thread-safe.</para>
/// </summary>
public sealed class WindowIndex
{
    private const int ChunkWindows = 8192;
    private readonly List<Half[]> _chunks = [];
    private readonly List<int> _owner = [];
    private int _count;

    /// <param name="dims">Values per frame of the sequences added.</param>
    /// <param name="windowFrames">Window length in frames (default 86 ≈ 8 s at the 93 ms hop).</param>
    /// <param name="hopFrames">Window hop in frames (default 43 ≈ 4 s).</param>
    public WindowIndex(int dims, int windowFrames = 86, int hopFrames = 43)
    {
        if (dims < 1) throw new ArgumentOutOfRangeException(nameof(dims));
        if (windowFrames < 1) throw new ArgumentOutOfRangeException(nameof(windowFrames));
        if (hopFrames < 1) throw new ArgumentOutOfRangeException(nameof(hopFrames));
        Dims = dims; WindowFrames = windowFrames; HopFrames = hopFrames;
    }

    public int Dims { get; }
    public int WindowFrames { get; }
    public int HopFrames { get; }
    /// <summary>Length of one summary vector: means then standard deviations, 2 × <see cref="Dims"/>.</summary>
    public int VectorLength => 2 * Dims;
    /// <summary>Number of windows indexed.</summary>
    public int Count => _count;
    /// <summary>Bytes held by the vectors and the owner table.</summary>
    public long ResidentBytes => _chunks.Count * (long)ChunkWindows * VectorLength * 2 + _owner.Capacity * 4L;

    /// <summary>
    /// Summarises frames [start, start + count) of a frame-major sequence into <paramref name="destination"/>
    /// (length 2 × dims): per-dimension means, then population standard deviations.
    /// </summary>
    public static void Summarize(ReadOnlySpan<float> frames, int start, int count, int dims, Span<float> destination)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count));
        var mean = destination[..dims];
        var std = destination.Slice(dims, dims);
        mean.Clear(); std.Clear();
        for (int t = start; t < start + count; t++)
        {
            var f = frames.Slice(t * dims, dims);
            TensorPrimitives.Add(mean, f, mean);
            TensorPrimitives.FusedMultiplyAdd(f, f, std, std);   // Σx² for now
        }
        float inv = 1f / count;
        TensorPrimitives.Multiply(mean, inv, mean);
        for (int k = 0; k < dims; k++) std[k] = MathF.Sqrt(MathF.Max(0, std[k] * inv - mean[k] * mean[k]));
    }

    /// <summary>Start frames of the windows a sequence of <paramref name="frames"/> frames is cut into: every
    /// hop, plus one flush with the end so the tail is covered; a sequence shorter than a window is one window.</summary>
    public IEnumerable<(int Start, int Count)> Windows(int frames)
    {
        if (frames <= 0) yield break;
        if (frames <= WindowFrames) { yield return (0, frames); yield break; }
        int last = -1;
        for (int s = 0; s + WindowFrames <= frames; s += HopFrames) { yield return (s, WindowFrames); last = s; }
        if (last + WindowFrames < frames) yield return (frames - WindowFrames, WindowFrames);
    }

    /// <summary>Adds the windows of one track (frame-major frames × dims); <paramref name="trackIndex"/> is the
    /// track's position in the <see cref="SearchIndex"/>. Returns the number of windows added.</summary>
    public int Add(int trackIndex, ReadOnlySpan<float> frames, int frameCount)
    {
        Span<float> v = stackalloc float[VectorLength];
        int added = 0;
        foreach (var (start, count) in Windows(frameCount))
        {
            Summarize(frames, start, count, Dims, v);
            int slot = _count % ChunkWindows;
            if (slot == 0) _chunks.Add(new Half[ChunkWindows * VectorLength]);
            TensorPrimitives.ConvertToHalf(v, _chunks[^1].AsSpan(slot * VectorLength, VectorLength));
            _owner.Add(trackIndex);
            _count++;
            added++;
        }
        return added;
    }

    /// <summary>
    /// The candidate tracks for a query: the tracks owning the <paramref name="nearestWindows"/> windows nearest
    /// to any of the query's summary vectors, best first, at most <paramref name="maxTracks"/>. The query is
    /// summarised whole when it is at most 1.5 windows long, else window by window like the catalog.
    /// </summary>
    /// <param name="allowed">Optional mask by track index: windows of other tracks are skipped.</param>
    /// <param name="parallelism">Threads for the scan (the windows are split between them).</param>
    public List<int> CandidateTracks(FrameSequence query, int nearestWindows, int maxTracks, bool[]? allowed = null, int parallelism = 1)
    {
        if (query.Dims != Dims) throw new ArgumentException("Query dimension differs from the index's.", nameof(query));
        var result = new List<int>();
        if (_count == 0 || query.Frames == 0 || nearestWindows < 1 || maxTracks < 1) return result;
        var qv = QueryVectors(query);
        int chunks = _chunks.Count;
        int workers = Math.Max(1, Math.Min(parallelism, chunks));
        var partial = new List<(float Dist, int Window)>[workers];
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            partial[w] = ScanChunks(qv, w * chunks / workers, (w + 1) * chunks / workers, nearestWindows, allowed);
        });
        var all = partial.SelectMany(p => p).OrderBy(p => p.Dist).ThenBy(p => p.Window);
        var seen = new HashSet<int>();
        foreach (var (_, window) in all)
        {
            int track = _owner[window];
            if (seen.Add(track)) { result.Add(track); if (result.Count == maxTracks) break; }
        }
        return result;
    }

    private float[][] QueryVectors(FrameSequence query)
    {
        var spans = query.Frames <= WindowFrames * 3 / 2 ? [(0, query.Frames)] : Windows(query.Frames).ToList();
        var vectors = new float[spans.Count][];
        for (int i = 0; i < spans.Count; i++)
        {
            vectors[i] = new float[VectorLength];
            Summarize(query.Data, spans[i].Item1, spans[i].Item2, Dims, vectors[i]);
        }
        return vectors;
    }

    [ThreadStatic] private static float[]? t_block;

    // The window scan's inner loop: lengths that are whole AVX registers, no bounds checks or tail, so a
    // 48-value vector costs 6 subtract-multiply-adds and one horizontal sum.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float SquaredDistance8(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        var acc = Vector256<float>.Zero;
        for (nuint k = 0; k < (nuint)a.Length; k += 8)
        {
            var d = Vector256.LoadUnsafe(ref pa, k) - Vector256.LoadUnsafe(ref pb, k);
            acc += d * d;
        }
        return Vector256.Sum(acc);
    }

    // Keeps, per query vector, the k nearest windows of chunks [from, to) in a max-heap (priority = −distance).
    private List<(float, int)> ScanChunks(float[][] queries, int from, int to, int k, bool[]? allowed)
    {
        int len = VectorLength;
        var heaps = queries.Select(_ => new PriorityQueue<int, float>(k + 1)).ToArray();
        var worst = new float[queries.Length];
        bool vectorised = Vector256.IsHardwareAccelerated && len % 8 == 0;
        Array.Fill(worst, float.PositiveInfinity);
        // One decode block per thread, reused by every search (no large allocation per query).
        var block = t_block;
        if (block is null || block.Length < ChunkWindows * len) t_block = block = new float[ChunkWindows * len];
        for (int c = from; c < to; c++)
        {
            int first = c * ChunkWindows;
            int n = Math.Min(ChunkWindows, _count - first);
            if (n <= 0) break;
            var decoded = block.AsSpan(0, n * len);
            TensorPrimitives.ConvertToSingle(_chunks[c].AsSpan(0, n * len), decoded);
            for (int i = 0; i < n; i++)
            {
                int window = first + i;
                if (allowed is not null && !allowed[_owner[window]]) continue;
                var v = decoded.Slice(i * len, len);
                for (int q = 0; q < queries.Length; q++)
                {
                    float dist = vectorised ? SquaredDistance8(queries[q], v) : FrameDistance.SquaredEuclidean(queries[q], v);
                    if (dist >= worst[q]) continue;
                    var heap = heaps[q];
                    if (heap.Count < k)
                    {
                        heap.Enqueue(window, -dist);
                        if (heap.Count == k) { heap.TryPeek(out _, out float p); worst[q] = -p; }
                    }
                    else
                    {
                        heap.DequeueEnqueue(window, -dist);
                        heap.TryPeek(out _, out float p);
                        worst[q] = -p;
                    }
                }
            }
        }
        var list = new List<(float, int)>();
        foreach (var heap in heaps)
            while (heap.TryDequeue(out int w, out float p)) list.Add((-p, w));
        return list;
    }
}
