namespace TuneBot.Core.Features;

/// <summary>
/// Radix-2 FFT of a real signal of length N (a power of two), computed as a complex FFT of length N/2 over the
/// even/odd samples packed as real/imaginary parts, then split into the N/2 + 1 non-negative-frequency bins.
/// Single precision like librosa's own STFT (numpy rfft of float32 frames yields complex64).
/// One instance holds the twiddle tables and scratch for one size; it is not thread-safe, create one per thread.
/// </summary>
public sealed class RealFft
{
    private readonly int _n;
    private readonly int _half;
    private readonly int[] _bitReverse;
    private readonly float[] _twRe;      // complex FFT twiddles, e^{-2πik/M}, k < M/2
    private readonly float[] _twIm;
    private readonly float[] _splitRe;   // real-split twiddles, e^{-2πik/N}, k ≤ M
    private readonly float[] _splitIm;
    private readonly float[] _zRe;
    private readonly float[] _zIm;

    public RealFft(int n)
    {
        if (n < 4 || (n & (n - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(n), n, "FFT size must be a power of two ≥ 4.");
        _n = n;
        _half = n / 2;
        int m = _half;
        int bits = System.Numerics.BitOperations.Log2((uint)m);
        _bitReverse = new int[m];
        for (int i = 0; i < m; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            _bitReverse[i] = r;
        }
        _twRe = new float[Math.Max(1, m / 2)];
        _twIm = new float[Math.Max(1, m / 2)];
        for (int k = 0; k < m / 2; k++)
        {
            double a = -2.0 * Math.PI * k / m;
            _twRe[k] = (float)Math.Cos(a);
            _twIm[k] = (float)Math.Sin(a);
        }
        _splitRe = new float[m + 1];
        _splitIm = new float[m + 1];
        for (int k = 0; k <= m; k++)
        {
            double a = -2.0 * Math.PI * k / n;
            _splitRe[k] = (float)Math.Cos(a);
            _splitIm[k] = (float)Math.Sin(a);
        }
        _zRe = new float[m];
        _zIm = new float[m];
    }

    public int Size => _n;
    public int Bins => _half + 1;

    /// <summary>Transforms <paramref name="input"/> (length N) into <paramref name="re"/>/<paramref name="im"/> (length N/2 + 1).</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> re, Span<float> im)
    {
        if (input.Length != _n) throw new ArgumentException($"Expected {_n} samples.", nameof(input));
        if (re.Length < Bins || im.Length < Bins) throw new ArgumentException("Output spans are too short.");
        int m = _half;
        var zr = _zRe;
        var zi = _zIm;
        for (int i = 0; i < m; i++)
        {
            int j = _bitReverse[i];
            zr[j] = input[2 * i];
            zi[j] = input[2 * i + 1];
        }
        for (int size = 2; size <= m; size <<= 1)
        {
            int halfSize = size >> 1;
            int step = m / size;
            for (int start = 0; start < m; start += size)
            {
                for (int k = 0; k < halfSize; k++)
                {
                    float wr = _twRe[k * step], wi = _twIm[k * step];
                    int a = start + k, b = a + halfSize;
                    float tr = zr[b] * wr - zi[b] * wi;
                    float ti = zr[b] * wi + zi[b] * wr;
                    zr[b] = zr[a] - tr;
                    zi[b] = zi[a] - ti;
                    zr[a] += tr;
                    zi[a] += ti;
                }
            }
        }
        // Split: X[k] = E[k] + W^k O[k], E = (Z[k] + conj Z[M-k]) / 2, O = (Z[k] - conj Z[M-k]) / 2i.
        for (int k = 0; k <= m; k++)
        {
            int k1 = k == m ? 0 : k;
            int k2 = k == 0 ? 0 : m - k;
            float ar = zr[k1], ai = zi[k1];
            float br = zr[k2], bi = -zi[k2];
            float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
            float dr = 0.5f * (ar - br), di = 0.5f * (ai - bi);
            float or = di, oi = -dr; // divide by i
            float wr = _splitRe[k], wi = _splitIm[k];
            re[k] = er + (or * wr - oi * wi);
            im[k] = ei + (or * wi + oi * wr);
        }
    }
}
