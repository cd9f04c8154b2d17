namespace TuneBot.Core.Features;

/// <summary>
/// Inverse of <see cref="RealFft"/>: N/2 + 1 Hermitian bins → N real samples, scaled by 1/N like numpy.fft.irfft.
/// The bins are folded into one complex spectrum of length N/2 (even samples in the real part, odd samples in the
/// imaginary part), inverted with a radix-2 complex FFT. As irfft does, the imaginary parts of the DC and
/// Nyquist bins are ignored. One instance holds its tables and scratch; it is not thread-safe.
/// </summary>
public sealed class InverseRealFft
{
    private readonly int _n;
    private readonly int _half;
    private readonly Radix2ComplexFft _complex;
    private readonly float[] _foldRe;    // e^{+2πik/N}, k < M
    private readonly float[] _foldIm;
    private readonly float[] _zRe;
    private readonly float[] _zIm;

    public InverseRealFft(int n)
    {
        if (n < 4 || (n & (n - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(n), n, "FFT size must be a power of two ≥ 4.");
        _n = n;
        _half = n / 2;
        int m = _half;
        _complex = new Radix2ComplexFft(m);
        (_foldRe, _foldIm) = FftTwiddles.Table(m, n, +1);
        _zRe = new float[m];
        _zIm = new float[m];
    }

    public int Size => _n;
    public int Bins => _half + 1;

    /// <summary>
    /// Writes irfft(<paramref name="re"/> + i·<paramref name="im"/>) into <paramref name="output"/> (length N).
    /// When <paramref name="gain"/> is given, bin k is multiplied by gain[k] first (a spectral mask).
    /// </summary>
    public void Inverse(ReadOnlySpan<float> re, ReadOnlySpan<float> im, Span<float> output, ReadOnlySpan<float> gain = default)
    {
        int m = _half;
        if (re.Length < Bins || im.Length < Bins) throw new ArgumentException($"Expected {Bins} bins.");
        if (output.Length < _n) throw new ArgumentException($"Expected room for {_n} samples.", nameof(output));
        bool masked = !gain.IsEmpty;
        if (masked && gain.Length < Bins) throw new ArgumentException($"Expected {Bins} gains.", nameof(gain));
        var zr = _zRe;
        var zi = _zIm;
        // x[2n] + i·x[2n+1] = (1/M) Σ_k Z[k] e^{+2πikn/M}, with Z[k] = E[k] + i·O[k],
        // E[k] = (X[k] + conj X[M−k]) / 2 and O[k] = (X[k] − conj X[M−k]) e^{+2πik/N} / 2.
        // The inverse transform runs as a forward one on conj(Z) (then conjugated back), so Z is stored conjugated.
        for (int k = 0; k < m; k++)
        {
            int k2 = m - k;
            float ga = masked ? gain[k] : 1f, gb = masked ? gain[k2] : 1f;
            float ar = re[k] * ga, ai = k == 0 ? 0f : im[k] * ga;
            float br = re[k2] * gb, bi = k2 == m ? 0f : -im[k2] * gb;
            float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
            float dr = 0.5f * (ar - br), di = 0.5f * (ai - bi);
            float wr = _foldRe[k], wi = _foldIm[k];
            float or = dr * wr - di * wi, oi = dr * wi + di * wr;
            int j = _complex.BitReverse[k];
            zr[j] = er - oi;
            zi[j] = -(ei + or);
        }
        _complex.Butterflies(zr, zi);
        float scale = 1f / m;
        for (int i = 0; i < m; i++)
        {
            output[2 * i] = zr[i] * scale;
            output[2 * i + 1] = -zi[i] * scale;
        }
    }
}
