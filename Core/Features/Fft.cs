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
    private readonly Radix2ComplexFft _complex;
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
        _complex = new Radix2ComplexFft(m);
        (_splitRe, _splitIm) = FftTwiddles.Table(m + 1, n, -1);
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
            int j = _complex.BitReverse[i];
            zr[j] = input[2 * i];
            zi[j] = input[2 * i + 1];
        }
        _complex.Butterflies(zr, zi);
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
