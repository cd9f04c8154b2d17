using TuneBot.Core.Features;

namespace TuneBot.Core.Evaluation;

/// <summary>Linear convolution of two real signals by one FFT of our own (<see cref="Radix2ComplexFft"/>).</summary>
public static class FftConvolution
{
    /// <summary>
    /// <paramref name="x"/> convolved with <paramref name="kernel"/>, trimmed to x's length (a room's tail beyond
    /// the clip is not recorded).
    /// </summary>
    public static float[] Convolve(ReadOnlySpan<float> x, ReadOnlySpan<float> kernel)
    {
        var y = new float[x.Length];
        if (x.Length == 0 || kernel.Length == 0) return y;
        int n = 2;
        while (n < x.Length + kernel.Length - 1) n <<= 1;
        var fft = new Radix2ComplexFft(n);
        var rev = fft.BitReverse;
        var re = new float[n];
        var im = new float[n];
        // Both signals are real: x in the real part and the kernel in the imaginary part share one transform.
        for (int i = 0; i < x.Length; i++) re[rev[i]] = x[i];
        for (int i = 0; i < kernel.Length; i++) im[rev[i]] = kernel[i];
        fft.Butterflies(re, im);

        // X[k] = (Z[k] + conj Z[n−k]) / 2, K[k] = (Z[k] − conj Z[n−k]) / 2i; the conjugate of X·K goes in bit-reversed,
        // so a second forward transform gives n·y (the inverse as conj(FFT(conj Y)) / n, whose real part is y).
        var yr = new float[n];
        var yi = new float[n];
        for (int k = 0; k < n; k++)
        {
            int m = (n - k) & (n - 1);
            double zr = re[k], zi = im[k], cr = re[m], ci = -im[m];
            double xr = (zr + cr) / 2, xi = (zi + ci) / 2;
            double kr = (zi - ci) / 2, ki = -(zr - cr) / 2;
            double pr = xr * kr - xi * ki, pi = xr * ki + xi * kr;
            yr[rev[k]] = (float)pr;
            yi[rev[k]] = (float)-pi;
        }
        fft.Butterflies(yr, yi);
        float scale = 1f / n;
        for (int i = 0; i < y.Length; i++) y[i] = yr[i] * scale;
        return y;
    }
}
