namespace TuneBot.Core.Features;

/// <summary>
/// The in-place radix-2 decimation-in-time complex FFT of length M that both real transforms are built on
/// (<see cref="RealFft"/> packs N real samples into M = N/2 complex ones; <see cref="InverseRealFft"/> folds N/2 + 1
/// bins into M complex ones). Callers write their input at <see cref="BitReverse"/>ed positions, then call
/// <see cref="Butterflies"/>. Immutable tables only, so one plan may serve several threads; scratch stays with the caller.
/// </summary>
internal sealed class Radix2ComplexFft
{
    private readonly float[] _twRe;   // e^{-2πik/M}, k < M/2
    private readonly float[] _twIm;

    public Radix2ComplexFft(int length)
    {
        if (length < 2 || (length & (length - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(length), length, "Complex FFT length must be a power of two ≥ 2.");
        Length = length;
        int bits = System.Numerics.BitOperations.Log2((uint)length);
        BitReverse = new int[length];
        for (int i = 0; i < length; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            BitReverse[i] = r;
        }
        (_twRe, _twIm) = FftTwiddles.Table(Math.Max(1, length / 2), length, -1);
    }

    public int Length { get; }

    /// <summary>Position at which input element i must be written before <see cref="Butterflies"/>.</summary>
    public int[] BitReverse { get; }

    /// <summary>Forward transform (e^{-2πikn/M}) of bit-reversed input in <paramref name="re"/>/<paramref name="im"/>, in place.</summary>
    public void Butterflies(Span<float> re, Span<float> im)
    {
        int m = Length;
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
                    float tr = re[b] * wr - im[b] * wi;
                    float ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
