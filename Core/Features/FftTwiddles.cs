namespace TuneBot.Core.Features;

/// <summary>
/// The unit-circle tables every real-FFT variant needs: e^{sign·2πik/n} for k = 0 … count − 1, in single precision
/// (computed in double first so each entry is the correctly rounded float).
/// </summary>
internal static class FftTwiddles
{
    public static (float[] Re, float[] Im) Table(int count, int n, int sign)
    {
        var re = new float[count];
        var im = new float[count];
        for (int k = 0; k < count; k++)
        {
            double a = sign * 2.0 * Math.PI * k / n;
            re[k] = (float)Math.Cos(a);
            im[k] = (float)Math.Sin(a);
        }
        return (re, im);
    }
}
