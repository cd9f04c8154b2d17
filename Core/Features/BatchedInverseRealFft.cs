using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TuneBot.Core.Features;

/// <summary>
/// The inverse real FFT of <see cref="InverseRealFft"/> for eight STFT frames at once, one frame per SIMD lane:
/// every butterfly is the scalar algorithm's, on vectors, so a batch costs about what one scalar transform does.
/// Frames are read from a frame-major spectrogram with gathers and written back through 8 × 8 transposes,
/// windowed and overlap-added. Requires AVX2 (<see cref="IsSupported"/>); one instance per thread.
/// </summary>
public sealed class BatchedInverseRealFft
{
    public const int Lanes = 8;

    private readonly int _n;
    private readonly int _m;
    private readonly int[] _bitReverse;
    private readonly float[] _twRe;   // stage with half-size h uses [h, 2h): e^{-2πik/(2h)}, k < h
    private readonly float[] _twIm;
    private readonly float[] _foldRe; // e^{+2πik/N}, k ≤ M/2
    private readonly float[] _foldIm;
    private readonly Vector256<float>[] _zr;
    private readonly Vector256<float>[] _zi;

    public static bool IsSupported => Avx2.IsSupported;

    public BatchedInverseRealFft(int n)
    {
        if (n < 16 || (n & (n - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(n), n, "FFT size must be a power of two ≥ 16.");
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
        _foldRe = new float[_m / 2 + 1];
        _foldIm = new float[_m / 2 + 1];
        for (int k = 0; k <= _m / 2; k++)
        {
            double a = 2.0 * Math.PI * k / n;
            _foldRe[k] = (float)Math.Cos(a);
            _foldIm[k] = (float)Math.Sin(a);
        }
        _zr = new Vector256<float>[_m];
        _zi = new Vector256<float>[_m];
    }

    public int Size => _n;
    public int Bins => _m + 1;

    /// <summary>
    /// Inverts frames frame0 … frame0 + count − 1 (count ≤ 8) of a frame-major spectrogram, each bin optionally
    /// scaled by <paramref name="gain"/> (same layout), and adds window[i] · x_f[i] into
    /// <paramref name="accumulator"/> at f · hop + i.
    /// </summary>
    public unsafe void InverseOverlapAdd(ReadOnlySpan<float> real, ReadOnlySpan<float> imag, ReadOnlySpan<float> gain,
        int frame0, int count, ReadOnlySpan<float> window, int hop, Span<float> accumulator)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("AVX2 is required.");
        if (count < 1 || count > Lanes) throw new ArgumentOutOfRangeException(nameof(count));
        int bins = Bins, m = _m;
        if (real.Length < (frame0 + count) * bins || imag.Length < (frame0 + count) * bins) throw new ArgumentException("Spectrogram too short.");
        bool masked = !gain.IsEmpty;
        if (masked && gain.Length < (frame0 + count) * bins) throw new ArgumentException("Gain too short.", nameof(gain));
        if (window.Length < _n) throw new ArgumentException("Window too short.", nameof(window));
        if (accumulator.Length < (frame0 + count - 1) * hop + _n) throw new ArgumentException("Accumulator too short.", nameof(accumulator));

        var lane = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var offsets = Vector256.Min(lane, Vector256.Create(count - 1)) * bins; // surplus lanes repeat the last frame
        var zr = _zr;
        var zi = _zi;
        var halfV = Vector256.Create(0.5f);
        fixed (float* reBase = real)
        fixed (float* imBase = imag)
        fixed (float* gBase = gain)
        {
            float* re = reBase + (nint)frame0 * bins;
            float* im = imBase + (nint)frame0 * bins;
            float* g = masked ? gBase + (nint)frame0 * bins : null;

            // Fold the N/2 + 1 Hermitian bins into the N/2-point complex spectrum Z (see InverseRealFft), stored
            // conjugated so that the forward butterflies below compute the inverse transform.
            for (int k = 0; k <= m / 2; k++)
            {
                int k2 = m - k;
                var ar = Avx2.GatherVector256(re, offsets + Vector256.Create(k), 4);
                var ai = Avx2.GatherVector256(im, offsets + Vector256.Create(k), 4);
                var br = Avx2.GatherVector256(re, offsets + Vector256.Create(k2), 4);
                var bi = Avx2.GatherVector256(im, offsets + Vector256.Create(k2), 4);
                if (masked)
                {
                    var ga = Avx2.GatherVector256(g, offsets + Vector256.Create(k), 4);
                    var gb = Avx2.GatherVector256(g, offsets + Vector256.Create(k2), 4);
                    ar *= ga; ai *= ga; br *= gb; bi *= gb;
                }
                if (k == 0)
                {
                    // irfft ignores the imaginary parts of the DC and Nyquist bins.
                    ai = Vector256<float>.Zero;
                    bi = Vector256<float>.Zero;
                }
                var wr = Vector256.Create(_foldRe[k]);
                var wi = Vector256.Create(_foldIm[k]);
                // Z[k] from A = X[k], B = conj X[M−k], twiddle e^{+iθ}.
                {
                    var er = halfV * (ar + br);
                    var ei = halfV * (ai - bi);
                    var dr = halfV * (ar - br);
                    var di = halfV * (ai + bi);
                    var or = dr * wr - di * wi;
                    var oi = dr * wi + di * wr;
                    int j = _bitReverse[k];
                    zr[j] = er - oi;
                    zi[j] = -(ei + or);
                }
                if (k != 0 && k2 != k)
                {
                    // Z[M−k] from A = X[M−k], B = conj X[k], twiddle e^{iπ}·e^{−iθ} = (−cos θ, sin θ).
                    var er = halfV * (br + ar);
                    var ei = halfV * (bi - ai);
                    var dr = halfV * (br - ar);
                    var di = halfV * (bi + ai);
                    var vr = -wr;
                    var or = dr * vr - di * wi;
                    var oi = dr * wi + di * vr;
                    int j = _bitReverse[k2];
                    zr[j] = er - oi;
                    zi[j] = -(ei + or);
                }
            }
        }

        Butterflies(zr, zi, m);

        // x[2i] = Re z[i] / M, x[2i+1] = −Im z[i] / M; transpose 8 samples × 8 frames at a time and overlap-add.
        var scale = Vector256.Create(1f / m);
        var negScale = Vector256.Create(-1f / m);
        Span<Vector256<float>> block = stackalloc Vector256<float>[Lanes];
        ref float acc = ref MemoryMarshal.GetReference(accumulator);
        ref float win = ref MemoryMarshal.GetReference(window);
        for (int i0 = 0; i0 < _n; i0 += Lanes)
        {
            int h0 = i0 / 2;
            block[0] = zr[h0] * scale; block[1] = zi[h0] * negScale;
            block[2] = zr[h0 + 1] * scale; block[3] = zi[h0 + 1] * negScale;
            block[4] = zr[h0 + 2] * scale; block[5] = zi[h0 + 2] * negScale;
            block[6] = zr[h0 + 3] * scale; block[7] = zi[h0 + 3] * negScale;
            Transpose8x8(block);
            var w = Vector256.LoadUnsafe(ref win, (nuint)i0);
            for (int l = 0; l < count; l++)
            {
                nuint at = (nuint)((frame0 + l) * hop + i0);
                var target = Vector256.LoadUnsafe(ref acc, at);
                (target + w * block[l]).StoreUnsafe(ref acc, at);
            }
        }
    }

    /// <summary>In-place radix-2 decimation-in-time butterflies over bit-reversed input, 8 transforms in parallel.</summary>
    private void Butterflies(Vector256<float>[] zrArray, Vector256<float>[] ziArray, int m)
    {
        ref var zr = ref MemoryMarshal.GetArrayDataReference(zrArray);
        ref var zi = ref MemoryMarshal.GetArrayDataReference(ziArray);
        // First stage (h = 1): twiddle 1.
        for (int a = 0; a < m; a += 2)
        {
            var xr = Unsafe.Add(ref zr, a); var xi = Unsafe.Add(ref zi, a);
            var yr = Unsafe.Add(ref zr, a + 1); var yi = Unsafe.Add(ref zi, a + 1);
            Unsafe.Add(ref zr, a) = xr + yr; Unsafe.Add(ref zi, a) = xi + yi;
            Unsafe.Add(ref zr, a + 1) = xr - yr; Unsafe.Add(ref zi, a + 1) = xi - yi;
        }
        for (int h = 2; h < m; h <<= 1)
        {
            for (int start = 0; start < m; start += 2 * h)
            {
                ref var ar = ref Unsafe.Add(ref zr, start);
                ref var ai = ref Unsafe.Add(ref zi, start);
                ref var br = ref Unsafe.Add(ref zr, start + h);
                ref var bi = ref Unsafe.Add(ref zi, start + h);
                for (int k = 0; k < h; k++)
                {
                    var wr = Vector256.Create(_twRe[h + k]);
                    var wi = Vector256.Create(_twIm[h + k]);
                    var xr = Unsafe.Add(ref br, k);
                    var xi = Unsafe.Add(ref bi, k);
                    var tr = xr * wr - xi * wi;
                    var ti = xr * wi + xi * wr;
                    var pr = Unsafe.Add(ref ar, k);
                    var pi = Unsafe.Add(ref ai, k);
                    Unsafe.Add(ref br, k) = pr - tr;
                    Unsafe.Add(ref bi, k) = pi - ti;
                    Unsafe.Add(ref ar, k) = pr + tr;
                    Unsafe.Add(ref ai, k) = pi + ti;
                }
            }
        }
    }

    /// <summary>Transposes an 8 × 8 block of floats held as eight vectors (row r → column r).</summary>
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
