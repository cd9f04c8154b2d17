using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TuneBot.Core.Features;

/// <summary>
/// Inverse real FFTs of eight STFT frames at once, one frame per SIMD lane, for the inverse STFT: every butterfly
/// is the scalar algorithm's (<see cref="InverseRealFft"/>: a fold into an N/2-point complex spectrum and a complex
/// FFT), on vectors, so a batch of eight costs about what one scalar transform does. Frames move between their
/// natural layout (frame-major bins, contiguous samples) and the lane layout through 8 × 8 transposes.
/// The complex FFT is radix-4 (two radix-2 stages per pass over the data, half the memory traffic).
/// Requires AVX (<see cref="IsSupported"/>); an instance holds scratch, so use one per thread.
/// </summary>
public sealed class InverseRealFftBatch
{
    public const int Lanes = 8;

    private readonly int _n;
    private readonly int _m;
    private readonly int[] _bitReverse;
    private readonly float[] _twRe;    // stage with half-size h uses [h, 2h): e^{-2πik/(2h)}, k < h
    private readonly float[] _twIm;
    private readonly float[] _splitRe; // e^{-2πik/N}, k ≤ M (conjugated when folding)
    private readonly float[] _splitIm;
    private readonly Vector256<float>[] _zr;
    private readonly Vector256<float>[] _zi;
    private readonly Vector256<float>[] _xr; // bins 0 … M across the 8 frames
    private readonly Vector256<float>[] _xi;

    public static bool IsSupported => Avx.IsSupported;

    public InverseRealFftBatch(int n)
    {
        if (n < 64 || (n & (n - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(n), n, "FFT size must be a power of two ≥ 64.");
        _n = n;
        _m = n / 2;
        int bits = System.Numerics.BitOperations.Log2((uint)_m);
        _bitReverse = new int[_m];
        for (int i = 0; i < _m; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _bitReverse[i] = r;
        }
        _twRe = new float[_m];
        _twIm = new float[_m];
        for (int h = 1; h < _m; h <<= 1)
            for (int k = 0; k < h; k++)
            {
                double a = -Math.PI * k / h;
                _twRe[h + k] = (float)Math.Cos(a);
                _twIm[h + k] = (float)Math.Sin(a);
            }
        (_splitRe, _splitIm) = FftTwiddles.Table(_m + 1, n, -1);
        _zr = new Vector256<float>[_m];
        _zi = new Vector256<float>[_m];
        _xr = new Vector256<float>[_m + 1];
        _xi = new Vector256<float>[_m + 1];
    }

    public int Size => _n;
    public int Bins => _m + 1;

    /// <summary>
    /// Inverse transforms (numpy.fft.irfft, 1/N scaling, imaginary parts of DC and Nyquist ignored) of frames
    /// frame0 … frame0 + count − 1 (count ≤ 8) of a frame-major spectrogram, each bin first multiplied by
    /// <paramref name="gain"/> (same layout) when given; window[i] · x_f[i] is added into
    /// <paramref name="accumulator"/> at f · hop + i.
    /// </summary>
    public void InverseOverlapAdd(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, ReadOnlySpan<float> gain,
        int frame0, int count, ReadOnlySpan<float> window, int hop, Span<float> accumulator)
    {
        Check(count);
        int bins = Bins, m = _m, n = _n;
        if (real.Length < (frame0 + count) * bins || imag.Length < (frame0 + count) * bins) throw new ArgumentException("Spectrogram too short.");
        bool masked = !gain.IsEmpty;
        if (masked && gain.Length < (frame0 + count) * bins) throw new ArgumentException("Gain too short.", nameof(gain));
        if (window.Length < n) throw new ArgumentException("Window too short.", nameof(window));
        if (accumulator.Length < (frame0 + count - 1) * hop + n) throw new ArgumentException("Accumulator too short.", nameof(accumulator));

        LoadBins(real, gain, frame0, count, _xr);
        LoadBins(imag, gain, frame0, count, _xi);
        var xr = _xr;
        var xi = _xi;
        xi[0] = Vector256<float>.Zero;
        xi[m] = Vector256<float>.Zero;

        // Fold into the N/2-point spectrum Z[k] = E[k] + i·O[k], E = (X[k] + conj X[M−k]) / 2,
        // O = (X[k] − conj X[M−k]) e^{+2πik/N} / 2, stored conjugated so the forward butterflies invert it.
        var zr = _zr;
        var zi = _zi;
        var half = Vector256.Create(0.5f);
        for (int k = 0; k < m; k++)
        {
            int k2 = m - k;
            var ar = xr[k]; var ai = xi[k];
            var br = xr[k2]; var bi = -xi[k2];
            var er = half * (ar + br); var ei = half * (ai + bi);
            var dr = half * (ar - br); var di = half * (ai - bi);
            var wr = Vector256.Create(_splitRe[k]); var wi = Vector256.Create(-_splitIm[k]);
            var or = dr * wr - di * wi;
            var oi = dr * wi + di * wr;
            int j = _bitReverse[k];
            zr[j] = er - oi;
            zi[j] = -(ei + or);
        }
        Butterflies();

        // x[2i] = Re z[i] / M, x[2i+1] = −Im z[i] / M; back to one frame per vector, windowed and overlap-added.
        var scale = Vector256.Create(1f / m);
        var negScale = Vector256.Create(-1f / m);
        Span<Vector256<float>> block = stackalloc Vector256<float>[Lanes];
        ref float acc = ref MemoryMarshal.GetReference(accumulator);
        ref float win = ref MemoryMarshal.GetReference(window);
        for (int i0 = 0; i0 < n; i0 += Lanes)
        {
            int h0 = i0 / 2;
            for (int j = 0; j < 4; j++)
            {
                block[2 * j] = zr[h0 + j] * scale;
                block[2 * j + 1] = zi[h0 + j] * negScale;
            }
            Transpose8x8(block);
            var w = Vector256.LoadUnsafe(ref win, (nuint)i0);
            for (int l = 0; l < count; l++)
            {
                nuint at = (nuint)((frame0 + l) * hop + i0);
                (Vector256.LoadUnsafe(ref acc, at) + w * block[l]).StoreUnsafe(ref acc, at);
            }
        }
    }

    private static void Check(int count)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("AVX is required.");
        if (count < 1 || count > Lanes) throw new ArgumentOutOfRangeException(nameof(count));
    }

    /// <summary>Bins 0 … M of 8 frames (frame-major source, optionally times gain) into one vector per bin.</summary>
    private void LoadBins(ReadOnlySpan<float> source, ReadOnlySpan<float> gain, int frame0, int count, Vector256<float>[] destination)
    {
        int bins = Bins, m = _m;
        bool masked = !gain.IsEmpty;
        ref float src = ref MemoryMarshal.GetReference(source);
        ref float g = ref MemoryMarshal.GetReference(gain);
        Span<Vector256<float>> block = stackalloc Vector256<float>[Lanes];
        Span<nuint> rowStart = stackalloc nuint[Lanes];
        for (int l = 0; l < Lanes; l++) rowStart[l] = (nuint)((frame0 + Math.Min(l, count - 1)) * bins);
        for (int k0 = 0; k0 + Lanes <= m; k0 += Lanes)
        {
            for (int l = 0; l < Lanes; l++)
            {
                var v = Vector256.LoadUnsafe(ref src, rowStart[l] + (nuint)k0);
                block[l] = masked ? v * Vector256.LoadUnsafe(ref g, rowStart[l] + (nuint)k0) : v;
            }
            Transpose8x8(block);
            for (int j = 0; j < Lanes; j++) destination[k0 + j] = block[j];
        }
        // Bin M (the Nyquist bin) sits alone after the 8-aligned blocks.
        Span<float> last = stackalloc float[Lanes];
        for (int l = 0; l < Lanes; l++)
        {
            nuint at = rowStart[l] + (nuint)m;
            last[l] = Unsafe.Add(ref src, at) * (masked ? Unsafe.Add(ref g, at) : 1f);
        }
        destination[m] = Vector256.Create<float>(last);
    }

    /// <summary>
    /// In-place decimation-in-time complex FFT of the bit-reversed <see cref="_zr"/>/<see cref="_zi"/>, 8 transforms
    /// in parallel: radix-4 passes, each doing the radix-2 stages of half-sizes h and 2h at once.
    /// </summary>
    private void Butterflies()
    {
        int m = _m;
        ref var zr = ref MemoryMarshal.GetArrayDataReference(_zr);
        ref var zi = ref MemoryMarshal.GetArrayDataReference(_zi);
        ref float twr = ref MemoryMarshal.GetArrayDataReference(_twRe);
        ref float twi = ref MemoryMarshal.GetArrayDataReference(_twIm);
        int h = 1;
        if ((System.Numerics.BitOperations.Log2((uint)m) & 1) == 1)
        {
            for (int a = 0; a < m; a += 2)
            {
                var xr = Unsafe.Add(ref zr, a); var xi = Unsafe.Add(ref zi, a);
                var yr = Unsafe.Add(ref zr, a + 1); var yi = Unsafe.Add(ref zi, a + 1);
                Unsafe.Add(ref zr, a) = xr + yr; Unsafe.Add(ref zi, a) = xi + yi;
                Unsafe.Add(ref zr, a + 1) = xr - yr; Unsafe.Add(ref zi, a + 1) = xi - yi;
            }
            h = 2;
        }
        for (; h < m; h *= 4)
        {
            for (int start = 0; start < m; start += 4 * h)
            {
                ref var r0 = ref Unsafe.Add(ref zr, start);
                ref var i0 = ref Unsafe.Add(ref zi, start);
                for (int k = 0; k < h; k++)
                {
                    var w1r = Vector256.Create(Unsafe.Add(ref twr, h + k));
                    var w1i = Vector256.Create(Unsafe.Add(ref twi, h + k));
                    var w2r = Vector256.Create(Unsafe.Add(ref twr, 2 * h + k));
                    var w2i = Vector256.Create(Unsafe.Add(ref twi, 2 * h + k));
                    ref var p0r = ref Unsafe.Add(ref r0, k); ref var p0i = ref Unsafe.Add(ref i0, k);
                    ref var p1r = ref Unsafe.Add(ref r0, k + h); ref var p1i = ref Unsafe.Add(ref i0, k + h);
                    ref var p2r = ref Unsafe.Add(ref r0, k + 2 * h); ref var p2i = ref Unsafe.Add(ref i0, k + 2 * h);
                    ref var p3r = ref Unsafe.Add(ref r0, k + 3 * h); ref var p3i = ref Unsafe.Add(ref i0, k + 3 * h);
                    var a1r = p1r; var a1i = p1i;
                    var a3r = p3r; var a3i = p3i;
                    var t1r = a1r * w1r - a1i * w1i; var t1i = a1r * w1i + a1i * w1r;
                    var t3r = a3r * w1r - a3i * w1i; var t3i = a3r * w1i + a3i * w1r;
                    var a0r = p0r; var a0i = p0i;
                    var a2r = p2r; var a2i = p2i;
                    var b0r = a0r + t1r; var b0i = a0i + t1i;
                    var b1r = a0r - t1r; var b1i = a0i - t1i;
                    var b2r = a2r + t3r; var b2i = a2i + t3i;
                    var b3r = a2r - t3r; var b3i = a2i - t3i;
                    var u2r = b2r * w2r - b2i * w2i; var u2i = b2r * w2i + b2i * w2r;
                    var v3r = b3r * w2r - b3i * w2i; var v3i = b3r * w2i + b3i * w2r;
                    // (v3r + i·v3i)·(−i) = v3i − i·v3r
                    p0r = b0r + u2r; p0i = b0i + u2i;
                    p2r = b0r - u2r; p2i = b0i - u2i;
                    p1r = b1r + v3i; p1i = b1i - v3r;
                    p3r = b1r - v3i; p3i = b1i + v3r;
                }
            }
        }
    }

    /// <summary>Transposes an 8 × 8 block of floats held as eight vectors (row r becomes column r).</summary>
    internal static void Transpose8x8(Span<Vector256<float>> r)
    {
        var t0 = Avx.UnpackLow(r[0], r[1]);
        var t1 = Avx.UnpackHigh(r[0], r[1]);
        var t2 = Avx.UnpackLow(r[2], r[3]);
        var t3 = Avx.UnpackHigh(r[2], r[3]);
        var t4 = Avx.UnpackLow(r[4], r[5]);
        var t5 = Avx.UnpackHigh(r[4], r[5]);
        var t6 = Avx.UnpackLow(r[6], r[7]);
        var t7 = Avx.UnpackHigh(r[6], r[7]);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        r[0] = Avx.Permute2x128(u0, u4, 0x20);
        r[1] = Avx.Permute2x128(u1, u5, 0x20);
        r[2] = Avx.Permute2x128(u2, u6, 0x20);
        r[3] = Avx.Permute2x128(u3, u7, 0x20);
        r[4] = Avx.Permute2x128(u0, u4, 0x31);
        r[5] = Avx.Permute2x128(u1, u5, 0x31);
        r[6] = Avx.Permute2x128(u2, u6, 0x31);
        r[7] = Avx.Permute2x128(u3, u7, 0x31);
    }
}
