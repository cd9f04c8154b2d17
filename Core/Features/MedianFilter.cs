using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TuneBot.Core.Features;

/// <summary>
/// One-dimensional median filters over a row-major matrix, equal value for value to
/// scipy.ndimage.median_filter with an odd window, origin 0 and mode "reflect" (what librosa's HPSS uses):
/// the input is extended by half-sample symmetric reflection (d c b a | a b c d | d c b a), repeated for
/// inputs shorter than the half window. (Known difference: scipy's own extension misbehaves for a line of
/// exactly 2 samples with a window wider than 4; spectrograms here always have ≥ 2 frames per second.)
/// </summary>
/// <remarks>
/// Why it is fast: eight lines are filtered at once, one per SIMD lane, each keeping its window as a sorted
/// array (one vector per rank). Sliding the window by one sample is branch-free: deleting value a from the
/// sorted s gives u_i = s_i &lt; a ? s_i : s_(i+1), and inserting b gives t_i = max(u_(i−1), min(u_i, b)).
/// That is ~6 vector operations per rank per step with no data-dependent branches, and the median is t_(w/2).
/// Ties need no care: the window is kept as an exact multiset. NaN is not supported.
/// </remarks>
public static class MedianFilter
{
    private const int Lanes = 8;
    private const int Group = 2;
    private const int SegmentRows = 512;

    /// <summary>
    /// Median of <paramref name="width"/> consecutive rows, for every column (scipy size = (width, 1)).
    /// For a frame-major spectrogram (rows = frames, columns = bins) this filters along time.
    /// </summary>
    /// <param name="source">rows × columns, row-major.</param>
    /// <param name="destination">rows × columns, row-major; must not overlap <paramref name="source"/>.</param>
    /// <param name="width">Odd window length (31 in librosa's HPSS).</param>
    public static void AcrossRows(ReadOnlySpan<float> source, int rows, int columns, int width, Span<float> destination)
    {
        Validate(source, rows, columns, width, destination);
        if (rows == 0 || columns == 0) return;
        if (columns < Lanes || !Vector256.IsHardwareAccelerated)
        {
            for (int c = 0; c < columns; c++) NaiveLine(source, destination, c, columns, rows, width);
            return;
        }
        var ext = ExtendedIndices(rows, width);
        // Rows are a whole spectrum apart (4 KiB), so walking down a column touches a new page per row. Instead,
        // 16 columns × up to 512 rows (plus the window's reach, reflect-extended) are packed into a contiguous strip
        // that stays in cache, filtered there with sequential access, and the medians copied back.
        const int StripWidth = Group * Lanes;
        int segmentRows = Math.Min(rows, SegmentRows);
        int extendedRows = segmentRows + width - 1;
        var strip = ArrayPool<float>.Shared.Rent(extendedRows * StripWidth);
        var stripOut = ArrayPool<float>.Shared.Rent(segmentRows * StripWidth);
        var local = new int[extendedRows];
        for (int p = 0; p < local.Length; p++) local[p] = p;
        try
        {
            Span<int> blocks = stackalloc int[Group];
            int stripColumns = Math.Min(StripWidth, columns);
            for (int g = 0; g < Group; g++) blocks[g] = Math.Min(g * Lanes, stripColumns - Lanes);
            ref float src = ref MemoryMarshal.GetReference(source);
            for (int c0 = 0; c0 < columns; c0 += StripWidth)
            {
                // The last strip is moved back to overlap its neighbour (the same values are written twice).
                int start = Math.Max(0, Math.Min(c0, columns - StripWidth));
                for (int r0 = 0; r0 < rows; r0 += segmentRows)
                {
                    int count = Math.Min(segmentRows, rows - r0);
                    for (int p = 0; p < count + width - 1; p++)
                        MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref src, (nint)ext[r0 + p] * columns + start), stripColumns)
                            .CopyTo(strip.AsSpan(p * StripWidth, stripColumns));
                    SlideAcrossRows(strip, stripOut, StripWidth, count, width, local, blocks);
                    for (int r = 0; r < count; r++)
                        stripOut.AsSpan(r * StripWidth, stripColumns).CopyTo(destination.Slice((r0 + r) * columns + start, stripColumns));
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(strip);
            ArrayPool<float>.Shared.Return(stripOut);
        }
    }

    /// <summary>
    /// Median of <paramref name="width"/> consecutive columns within every row (scipy size = (1, width)).
    /// For a frame-major spectrogram (rows = frames, columns = bins) this filters along frequency.
    /// </summary>
    /// <param name="source">rows × columns, row-major.</param>
    /// <param name="destination">rows × columns, row-major; must not overlap <paramref name="source"/>.</param>
    /// <param name="width">Odd window length (31 in librosa's HPSS).</param>
    public static void AlongRows(ReadOnlySpan<float> source, int rows, int columns, int width, Span<float> destination)
    {
        Validate(source, rows, columns, width, destination);
        if (rows == 0 || columns == 0) return;
        if (rows < Lanes || !Avx2.IsSupported)
        {
            for (int r = 0; r < rows; r++) NaiveLine(source.Slice(r * columns, columns), destination.Slice(r * columns, columns), 0, 1, columns, width);
            return;
        }
        var ext = ExtendedIndices(columns, width);
        for (int r0 = 0; r0 < rows; r0 += Lanes)
            SlideAlongRows(source, destination, columns, width, ext, Math.Min(r0, rows - Lanes));
    }

    /// <summary>scipy.ndimage's "reflect" extension: index <paramref name="i"/> (any integer) of a line of length <paramref name="n"/>.</summary>
    public static int ReflectIndex(int i, int n)
    {
        int period = 2 * n;
        int m = i % period;
        if (m < 0) m += period;
        return m < n ? m : period - 1 - m;
    }

    private static void Validate(ReadOnlySpan<float> source, int rows, int columns, int width, Span<float> destination)
    {
        if (rows < 0 || columns < 0) throw new ArgumentOutOfRangeException(nameof(rows), "Shape must be non-negative.");
        if (width < 1 || width % 2 == 0) throw new ArgumentOutOfRangeException(nameof(width), width, "Window width must be odd and positive.");
        long n = (long)rows * columns;
        if (source.Length < n) throw new ArgumentException("Source is shorter than rows × columns.", nameof(source));
        if (destination.Length < n) throw new ArgumentException("Destination is shorter than rows × columns.", nameof(destination));
    }

    /// <summary>Source index of each position of the extended line: position p holds sample ext[p] for p in [0, n + width − 1).</summary>
    private static int[] ExtendedIndices(int n, int width)
    {
        int half = width / 2;
        var ext = new int[n + width - 1];
        for (int p = 0; p < ext.Length; p++) ext[p] = ReflectIndex(p - half, n);
        return ext;
    }

    /// <summary>Reference-speed path for tiny inputs: sort each window.</summary>
    private static void NaiveLine(ReadOnlySpan<float> source, Span<float> destination, int offset, int stride, int n, int width)
    {
        int half = width / 2;
        Span<float> window = width <= 256 ? stackalloc float[width] : new float[width];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < width; j++) window[j] = source[offset + stride * ReflectIndex(i + j - half, n)];
            window.Sort();
            destination[offset + stride * i] = window[half];
        }
    }

    /// <summary>
    /// The 32-byte-aligned part of a stack buffer one vector longer than needed: the sorted windows are loaded and
    /// stored whole every step, and a vector straddling two cache lines costs two accesses.
    /// </summary>
    private static unsafe Span<Vector256<float>> Aligned(Span<Vector256<float>> buffer)
    {
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(buffer));
        int skip = (int)(((32 - (address & 31)) & 31) / 16); // stack buffers are at least 16-byte aligned
        return MemoryMarshal.Cast<float, Vector256<float>>(MemoryMarshal.Cast<Vector256<float>, float>(buffer).Slice(skip * 4, (buffer.Length - 1) * 8));
    }

    /// <summary>Replaces <paramref name="outgoing"/> by <paramref name="incoming"/> in each lane's sorted window s[0..w) (s[w] = +∞ sentinel).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(ref Vector256<float> s, int width, Vector256<float> outgoing, Vector256<float> incoming)
    {
        var uPrev = Vector256.Create(float.NegativeInfinity);
        var si = s;
        int i = 0;
        // Unrolled by two: the loop is ~4 vector operations per rank, so its own overhead matters.
        for (; i + 1 < width; i += 2)
        {
            var s1 = Unsafe.Add(ref s, i + 1);
            var s2 = Unsafe.Add(ref s, i + 2);
            var u0 = Vector256.ConditionalSelect(Vector256.LessThan(si, outgoing), si, s1);
            var u1 = Vector256.ConditionalSelect(Vector256.LessThan(s1, outgoing), s1, s2);
            Unsafe.Add(ref s, i) = Vector256.MaxNative(uPrev, Vector256.MinNative(u0, incoming));
            Unsafe.Add(ref s, i + 1) = Vector256.MaxNative(u0, Vector256.MinNative(u1, incoming));
            uPrev = u1;
            si = s2;
        }
        if (i < width)
        {
            var sNext = Unsafe.Add(ref s, i + 1);
            var ui = Vector256.ConditionalSelect(Vector256.LessThan(si, outgoing), si, sNext);
            Unsafe.Add(ref s, i) = Vector256.MaxNative(uPrev, Vector256.MinNative(ui, incoming));
        }
    }

    private static void SlideAcrossRows(ReadOnlySpan<float> source, Span<float> destination, int columns, int rows, int width, int[] ext, ReadOnlySpan<int> blocks)
    {
        int half = width / 2;
        int stride = width + 1;
        Span<Vector256<float>> state = Aligned(stackalloc Vector256<float>[Group * stride + 1]);
        Span<Vector256<float>> previous = stackalloc Vector256<float>[Group];
        var inf = Vector256.Create(float.PositiveInfinity);
        state.Fill(inf);
        previous.Fill(inf);
        ref float src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(destination);
        ref var s0 = ref MemoryMarshal.GetReference(state);
        for (int p = 0; p < width - 1; p++)
        {
            nint row = (nint)ext[p] * columns;
            for (int g = 0; g < Group; g++)
                Step(ref Unsafe.Add(ref s0, g * stride), width, inf, Vector256.LoadUnsafe(ref src, (nuint)(row + blocks[g])));
        }
        // Window for output i spans extended positions i .. i + width − 1; it is completed by position i + width − 1.
        for (int i = 0; i < rows; i++)
        {
            nint inRow = (nint)ext[i + width - 1] * columns;
            nint outRow = (nint)i * columns;
            nint outgoingRow = (nint)ext[i] * columns;
            for (int g = 0; g < Group; g++)
            {
                ref var sg = ref Unsafe.Add(ref s0, g * stride);
                Step(ref sg, width, previous[g], Vector256.LoadUnsafe(ref src, (nuint)(inRow + blocks[g])));
                Unsafe.Add(ref sg, half).StoreUnsafe(ref dst, (nuint)(outRow + blocks[g]));
                previous[g] = Vector256.LoadUnsafe(ref src, (nuint)(outgoingRow + blocks[g]));
            }
        }
    }

    private static unsafe void SlideAlongRows(ReadOnlySpan<float> source, Span<float> destination, int columns, int width, int[] ext, int row0)
    {
        int half = width / 2;
        int ringSize = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)width + 1);
        int ringMask = ringSize - 1;
        Span<Vector256<float>> state = Aligned(stackalloc Vector256<float>[width + 2]);
        Span<Vector256<float>> ring = stackalloc Vector256<float>[ringSize];
        var inf = Vector256.Create(float.PositiveInfinity);
        state.Fill(inf);
        ref var s = ref MemoryMarshal.GetReference(state);
        var laneOffsets = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * columns;
        fixed (float* srcBase = source)
        fixed (float* dstBase = destination)
        {
            float* src = srcBase + (nint)row0 * columns;
            float* dst = dstBase + (nint)row0 * columns;
            for (int p = 0; p < width - 1; p++)
            {
                var v = Avx2.GatherVector256(src, laneOffsets + Vector256.Create(ext[p]), 4);
                ring[p & ringMask] = v;
                Step(ref s, width, inf, v);
            }
            var outgoing = inf;
            for (int i = 0; i < columns; i++)
            {
                int p = i + width - 1;
                var v = Avx2.GatherVector256(src, laneOffsets + Vector256.Create(ext[p]), 4);
                ring[p & ringMask] = v;
                Step(ref s, width, outgoing, v);
                var m = Unsafe.Add(ref s, half);
                float* o = dst + i;
                o[0] = m.GetElement(0);
                o[columns] = m.GetElement(1);
                o[2 * columns] = m.GetElement(2);
                o[3 * columns] = m.GetElement(3);
                o[4 * columns] = m.GetElement(4);
                o[5 * columns] = m.GetElement(5);
                o[6 * columns] = m.GetElement(6);
                o[7 * columns] = m.GetElement(7);
                outgoing = ring[i & ringMask];
            }
        }
    }
}
