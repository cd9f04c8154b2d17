using Xunit;
namespace TuneBot.Tests.Core.Audio;

/// <summary>Measurements of a decoded test tone.</summary>
internal static class SignalMeasure
{
    /// <summary>Frequency in Hz from upward zero crossings (linearly interpolated) over the middle of the clip.</summary>
    public static double Frequency(float[] y, int sampleRate)
    {
        int from = y.Length / 4, to = 3 * y.Length / 4;
        double first = double.NaN, last = double.NaN;
        int crossings = 0;
        for (int i = from; i < to; i++)
        {
            if (y[i - 1] < 0 && y[i] >= 0)
            {
                double t = i - 1 + y[i - 1] / (y[i - 1] - y[i]);
                if (crossings == 0) first = t;
                last = t;
                crossings++;
            }
        }
        return (crossings - 1) / ((last - first) / sampleRate);
    }

    /// <summary>Amplitude of the component at <paramref name="frequency"/> Hz (single-bin DFT over the middle half,
    /// Hann-windowed, so a pure sine of amplitude A reads A).</summary>
    public static double Amplitude(float[] y, int sampleRate, double frequency)
    {
        int from = y.Length / 4, n = y.Length / 2;
        double re = 0, im = 0, windowSum = 0;
        for (int i = 0; i < n; i++)
        {
            double w = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / (n - 1));
            double phase = 2 * Math.PI * frequency * i / sampleRate;
            re += w * y[from + i] * Math.Cos(phase);
            im -= w * y[from + i] * Math.Sin(phase);
            windowSum += w;
        }
        return 2 * Math.Sqrt(re * re + im * im) / windowSum;
    }

    /// <summary>Largest absolute sample.</summary>
    public static float Peak(float[] y) => y.Length == 0 ? 0 : y.Max(Math.Abs);
}
