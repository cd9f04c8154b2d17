using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TuneBot.Core.Features;

/// <summary>
/// <see cref="Lanes"/> real FFTs of length N at once, one per SIMD lane (Vector&lt;float&gt;): the STFT's frames are
/// independent, so putting frame j in lane j turns every butterfly into plain vector arithmetic with no shuffles.
/// Same algorithm as <see cref="RealFft"/> (complex FFT of length N/2 over even/odd samples, then the real split),
/// single precision. One instance per thread.
/// </summary>
public sealed class RealFftBatch
{
    private readonly int _n;
    private readonly int _m;          // N / 2 complex points
    private readonly int[] _bitReverse;
    private readonly float[] _stageRe; // twiddles of the radix-2 stages with half-size 4 ≤ h < M/2, concatenated: e^{-πik/h}, k < h
    private readonly float[] _stageIm;
    private readonly float[] _splitRe; // e^{-2πik/N}, k ≤ M
    private readonly float[] _splitIm;
    private readonly Vector<float>[] _zr;
    private readonly Vector<float>[] _zi;

    public RealFftBatch(int n)
    {
        if (n < 16 || (n & (n - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(n), n, "FFT size must be a power of two ≥ 16.");
        _n = n;
        _m = n / 2;
        int bits = BitOperations.Log2((uint)_m);
        _bitReverse = new int[_m];
        for (int i = 0; i < _m; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _bitReverse[i] = r;
        }
        var re = new List<float>();
        var im = new List<float>();
        for (int h = 4; h < _m / 2; h <<= 1)
            for (int k = 0; k < h; k++)
            {
                double a = -Math.PI * k / h;
                re.Add((float)Math.Cos(a));
                im.Add((float)Math.Sin(a));
            }
        _stageRe = re.ToArray();
        _stageIm = im.ToArray();
        (_splitRe, _splitIm) = FftTwiddles.Table(_m + 1, n, -1);
        _zr = new Vector<float>[_m];
        _zi = new Vector<float>[_m];
    }

    /// <summary>Frames transformed per call (Vector&lt;float&gt;.Count: 8 with AVX2).</summary>
    public static int Lanes => Vector<float>.Count;
    public int Size => _n;
    public int Bins => _m + 1;

    /// <summary>
    /// Sets input sample <paramref name="i"/> (0 ≤ i &lt; N) of lane <paramref name="lane"/>. Inputs not set keep their
    /// previous value; call <see cref="Clear"/> to zero a lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Set(int lane, int i, float value)
    {
        int slot = _bitReverse[i >> 1];
        ref var target = ref ((i & 1) == 0 ? ref _zr[slot] : ref _zi[slot]);
        Unsafe.Add(ref Unsafe.As<Vector<float>, float>(ref target), lane) = value;
    }

    /// <summary>Loads lane <paramref name="lane"/> with <c>x[i] · window[i]</c>, i &lt; N.</summary>
    public void Load(int lane, ReadOnlySpan<float> x, ReadOnlySpan<float> window)
    {
        if (x.Length < _n || window.Length < _n) throw new ArgumentException("Need N samples and N window values.");
        if ((uint)lane >= (uint)Lanes) throw new ArgumentOutOfRangeException(nameof(lane));
        var zr = MemoryMarshal.Cast<Vector<float>, float>(_zr.AsSpan());
        var zi = MemoryMarshal.Cast<Vector<float>, float>(_zi.AsSpan());
        int w = Lanes;
        var rev = _bitReverse;
        for (int i = 0; i < _m; i++)
        {
            int slot = rev[i] * w + lane;
            zr[slot] = x[2 * i] * window[2 * i];
            zi[slot] = x[2 * i + 1] * window[2 * i + 1];
        }
    }

    /// <summary>
    /// Loads every lane at once with evenly spaced frames of one signal: lane j gets
    /// <c>signal[firstStart + j·hop + i] · window[i]</c>. All frames must lie inside <paramref name="signal"/>.
    /// With AVX2 and 8 lanes this reads each frame contiguously and transposes 8×8 blocks into the lanes.
    /// </summary>
    public void LoadFrames(ReadOnlySpan<float> signal, int firstStart, int hop, ReadOnlySpan<float> window)
    {
        int w = Lanes;
        if (firstStart < 0 || firstStart + (long)(w - 1) * hop + _n > signal.Length) throw new ArgumentOutOfRangeException(nameof(firstStart), "Frames must lie inside the signal.");
        if (window.Length < _n) throw new ArgumentException("Need N window values.", nameof(window));
        if (!(Avx2.IsSupported && w == 8))
        {
            for (int j = 0; j < w; j++) Load(j, signal.Slice(firstStart + j * hop, _n), window);
            return;
        }
        ref float src = ref Unsafe.Add(ref MemoryMarshal.GetReference(signal), firstStart);
        ref float win = ref MemoryMarshal.GetReference(window);
        ref var zr = ref Unsafe.As<Vector<float>, Vector256<float>>(ref MemoryMarshal.GetArrayDataReference(_zr));
        ref var zi = ref Unsafe.As<Vector<float>, Vector256<float>>(ref MemoryMarshal.GetArrayDataReference(_zi));
        var rev = _bitReverse;
        Span<Vector256<float>> evens = stackalloc Vector256<float>[8];
        Span<Vector256<float>> odds = stackalloc Vector256<float>[8];
        for (int i = 0; i < _m; i += 8)
        {
            // Samples 2i .. 2i+15 of each frame: de-interleave into 8 even (real) and 8 odd (imaginary) inputs.
            var w0 = Vector256.LoadUnsafe(ref win, (nuint)(2 * i));
            var w1 = Vector256.LoadUnsafe(ref win, (nuint)(2 * i + 8));
            for (int j = 0; j < 8; j++)
            {
                ref float f = ref Unsafe.Add(ref src, j * hop + 2 * i);
                var a = Vector256.LoadUnsafe(ref f) * w0;
                var b = Vector256.LoadUnsafe(ref f, 8) * w1;
                evens[j] = Avx2.Permute4x64(Avx.Shuffle(a, b, 0x88).AsDouble(), 0xD8).AsSingle();
                odds[j] = Avx2.Permute4x64(Avx.Shuffle(a, b, 0xDD).AsDouble(), 0xD8).AsSingle();
            }
            Transpose8(evens);
            Transpose8(odds);
            for (int q = 0; q < 8; q++)
            {
                int slot = rev[i + q];
                Unsafe.Add(ref zr, slot) = evens[q];
                Unsafe.Add(ref zi, slot) = odds[q];
            }
        }
    }

    /// <summary>In-place transpose of an 8×8 float block held as 8 rows (AVX).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(Span<Vector256<float>> r)
    {
        var t0 = Avx.UnpackLow(r[0], r[1]); var t1 = Avx.UnpackHigh(r[0], r[1]);
        var t2 = Avx.UnpackLow(r[2], r[3]); var t3 = Avx.UnpackHigh(r[2], r[3]);
        var t4 = Avx.UnpackLow(r[4], r[5]); var t5 = Avx.UnpackHigh(r[4], r[5]);
        var t6 = Avx.UnpackLow(r[6], r[7]); var t7 = Avx.UnpackHigh(r[6], r[7]);
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        r[0] = Avx.Permute2x128(u0, u4, 0x20); r[1] = Avx.Permute2x128(u1, u5, 0x20);
        r[2] = Avx.Permute2x128(u2, u6, 0x20); r[3] = Avx.Permute2x128(u3, u7, 0x20);
        r[4] = Avx.Permute2x128(u0, u4, 0x31); r[5] = Avx.Permute2x128(u1, u5, 0x31);
        r[6] = Avx.Permute2x128(u2, u6, 0x31); r[7] = Avx.Permute2x128(u3, u7, 0x31);
    }

    /// <summary>Zeroes every input of lane <paramref name="lane"/>.</summary>
    public void Clear(int lane)
    {
        var zr = MemoryMarshal.Cast<Vector<float>, float>(_zr.AsSpan());
        var zi = MemoryMarshal.Cast<Vector<float>, float>(_zi.AsSpan());
        for (int i = 0; i < _m; i++) { zr[i * Lanes + lane] = 0; zi[i * Lanes + lane] = 0; }
    }

    /// <summary>
    /// Transforms all lanes. Bin k of lane j is written to <c>re/im[j * Bins + k]</c> (frame-major), and |X|² and |X|
    /// to <paramref name="power"/> and <paramref name="magnitude"/> likewise; only the first <paramref name="lanes"/>
    /// lanes are written.
    /// </summary>
    public void Transform(Span<float> re, Span<float> im, Span<float> power, Span<float> magnitude, int lanes)
    {
        int bins = Bins;
        if (lanes < 0 || lanes > Lanes) throw new ArgumentOutOfRangeException(nameof(lanes));
        int need = lanes * bins;
        if (re.Length < need || im.Length < need || power.Length < need || magnitude.Length < need)
            throw new ArgumentException("Output spans are too short.");
        Butterflies();
        Split(re, im, power, magnitude, lanes);
    }

    private void Butterflies()
    {
        int m = _m;
        ref var zr = ref MemoryMarshal.GetArrayDataReference(_zr);
        ref var zi = ref MemoryMarshal.GetArrayDataReference(_zi);
        // First two radix-2 stages fused as one radix-4 pass: twiddles 1 and −i need no multiplications.
        for (int s = 0; s < m; s += 4)
        {
            var ar = Unsafe.Add(ref zr, s); var ai = Unsafe.Add(ref zi, s);
            var br = Unsafe.Add(ref zr, s + 1); var bi = Unsafe.Add(ref zi, s + 1);
            var cr = Unsafe.Add(ref zr, s + 2); var ci = Unsafe.Add(ref zi, s + 2);
            var dr = Unsafe.Add(ref zr, s + 3); var di = Unsafe.Add(ref zi, s + 3);
            // stage h = 1
            var e0r = ar + br; var e0i = ai + bi;
            var e1r = ar - br; var e1i = ai - bi;
            var o0r = cr + dr; var o0i = ci + di;
            var o1r = cr - dr; var o1i = ci - di;
            // stage h = 2: twiddles 1, −i (−i·(x + iy) = y − ix)
            Unsafe.Add(ref zr, s) = e0r + o0r; Unsafe.Add(ref zi, s) = e0i + o0i;
            Unsafe.Add(ref zr, s + 2) = e0r - o0r; Unsafe.Add(ref zi, s + 2) = e0i - o0i;
            Unsafe.Add(ref zr, s + 1) = e1r + o1i; Unsafe.Add(ref zi, s + 1) = e1i - o1r;
            Unsafe.Add(ref zr, s + 3) = e1r - o1i; Unsafe.Add(ref zi, s + 3) = e1i + o1r;
        }
        ref float twr0 = ref MemoryMarshal.GetArrayDataReference(_stageRe);
        ref float twi0 = ref MemoryMarshal.GetArrayDataReference(_stageIm);
        int twOffset = 0;
        for (int h = 4; h < m >> 1; h <<= 1)
        {
            int size = h << 1;
            for (int start = 0; start < m; start += size)
            {
                ref var ar = ref Unsafe.Add(ref zr, start);
                ref var ai = ref Unsafe.Add(ref zi, start);
                ref var br = ref Unsafe.Add(ref zr, start + h);
                ref var bi = ref Unsafe.Add(ref zi, start + h);
                for (int k = 0; k < h; k++)
                {
                    var wr = new Vector<float>(Unsafe.Add(ref twr0, twOffset + k));
                    var wi = new Vector<float>(Unsafe.Add(ref twi0, twOffset + k));
                    var xr = Unsafe.Add(ref br, k);
                    var xi = Unsafe.Add(ref bi, k);
                    var tr = xr * wr - xi * wi;
                    var ti = xr * wi + xi * wr;
                    var yr = Unsafe.Add(ref ar, k);
                    var yi = Unsafe.Add(ref ai, k);
                    Unsafe.Add(ref br, k) = yr - tr;
                    Unsafe.Add(ref bi, k) = yi - ti;
                    Unsafe.Add(ref ar, k) = yr + tr;
                    Unsafe.Add(ref ai, k) = yi + ti;
                }
            }
            twOffset += h;
        }
        // Last stage (h = m / 2) has twiddles e^{-πik/h} too; they are the split table's even entries e^{-2πi(2k)/N}.
        {
            int h = m >> 1;
            ref var br = ref Unsafe.Add(ref zr, h);
            ref var bi = ref Unsafe.Add(ref zi, h);
            ref float sr = ref MemoryMarshal.GetArrayDataReference(_splitRe);
            ref float si = ref MemoryMarshal.GetArrayDataReference(_splitIm);
            for (int k = 0; k < h; k++)
            {
                var wr = new Vector<float>(Unsafe.Add(ref sr, 2 * k));
                var wi = new Vector<float>(Unsafe.Add(ref si, 2 * k));
                var xr = Unsafe.Add(ref br, k);
                var xi = Unsafe.Add(ref bi, k);
                var tr = xr * wr - xi * wi;
                var ti = xr * wi + xi * wr;
                var yr = Unsafe.Add(ref zr, k);
                var yi = Unsafe.Add(ref zi, k);
                Unsafe.Add(ref br, k) = yr - tr;
                Unsafe.Add(ref bi, k) = yi - ti;
                Unsafe.Add(ref zr, k) = yr + tr;
                Unsafe.Add(ref zi, k) = yi + ti;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SplitBin(int k, out Vector<float> outR, out Vector<float> outI)
    {
        int m = _m;
        int k1 = k == m ? 0 : k;
        int k2 = k == 0 ? 0 : m - k;
        // X[k] = E + W^k O with E = (Z[k] + conj Z[M−k]) / 2, O = (Z[k] − conj Z[M−k]) / 2i.
        var half = new Vector<float>(0.5f);
        var ar = _zr[k1]; var ai = _zi[k1];
        var br = _zr[k2]; var bi = -_zi[k2];
        var er = half * (ar + br); var ei = half * (ai + bi);
        var dr = half * (ar - br); var di = half * (ai - bi);
        var wr = new Vector<float>(_splitRe[k]);
        var wi = new Vector<float>(_splitIm[k]);
        // O = d / i = (di, −dr)
        outR = er + (di * wr + dr * wi);
        outI = ei + (di * wi - dr * wr);
    }

    private void Split(Span<float> re, Span<float> im, Span<float> power, Span<float> magnitude, int lanes)
    {
        if (Avx2.IsSupported && Lanes == 8 && lanes == 8)
        {
            SplitTransposed(re, im, power, magnitude);
            return;
        }
        int m = _m, bins = Bins, w = Lanes;
        Span<float> xr = stackalloc float[w];
        Span<float> xi = stackalloc float[w];
        Span<float> p = stackalloc float[w];
        Span<float> mag = stackalloc float[w];
        for (int k = 0; k <= m; k++)
        {
            SplitBin(k, out var outR, out var outI);
            var pw = outR * outR + outI * outI;
            outR.CopyTo(xr);
            outI.CopyTo(xi);
            pw.CopyTo(p);
            Vector.SquareRoot(pw).CopyTo(mag);
            for (int j = 0; j < lanes; j++)
            {
                int o = j * bins + k;
                re[o] = xr[j];
                im[o] = xi[j];
                power[o] = p[j];
                magnitude[o] = mag[j];
            }
        }
    }

    /// <summary>8 lanes with AVX2: bins are produced 8 at a time and each 8×8 block is transposed so every lane's
    /// 8 bins are stored contiguously into the frame-major outputs.</summary>
    private void SplitTransposed(Span<float> re, Span<float> im, Span<float> power, Span<float> magnitude)
    {
        int m = _m, bins = Bins;
        Span<Vector256<float>> r = stackalloc Vector256<float>[8];
        Span<Vector256<float>> i8 = stackalloc Vector256<float>[8];
        Span<Vector256<float>> p = stackalloc Vector256<float>[8];
        Span<Vector256<float>> a = stackalloc Vector256<float>[8];
        ref float reBase = ref MemoryMarshal.GetReference(re);
        ref float imBase = ref MemoryMarshal.GetReference(im);
        ref float pBase = ref MemoryMarshal.GetReference(power);
        ref float aBase = ref MemoryMarshal.GetReference(magnitude);
        for (int k0 = 0; k0 < m; k0 += 8)
        {
            for (int q = 0; q < 8; q++)
            {
                SplitBin(k0 + q, out var outR, out var outI);
                var pw = outR * outR + outI * outI;
                r[q] = outR.AsVector256();
                i8[q] = outI.AsVector256();
                p[q] = pw.AsVector256();
                a[q] = Vector256.Sqrt(pw.AsVector256());
            }
            Transpose8(r);
            Transpose8(i8);
            Transpose8(p);
            Transpose8(a);
            for (int j = 0; j < 8; j++)
            {
                nuint o = (nuint)(j * bins + k0);
                r[j].StoreUnsafe(ref reBase, o);
                i8[j].StoreUnsafe(ref imBase, o);
                p[j].StoreUnsafe(ref pBase, o);
                a[j].StoreUnsafe(ref aBase, o);
            }
        }
        // The Nyquist bin (k = M) completes each row.
        SplitBin(m, out var nr, out var ni);
        var np = nr * nr + ni * ni;
        var na = Vector.SquareRoot(np);
        for (int j = 0; j < 8; j++)
        {
            int o = j * bins + m;
            re[o] = nr[j];
            im[o] = ni[j];
            power[o] = np[j];
            magnitude[o] = na[j];
        }
    }
}
