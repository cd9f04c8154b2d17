namespace TuneBot.Tests.Core.Similarity.Fingerprints;

/// <summary>
/// Seeded synthetic "songs" at 22050 Hz: a chord of three harmonic notes every quarter second (fundamentals 200–1800 Hz,
/// three partials each, decaying), so the spectrogram has a changing constellation of peaks like music does. Two
/// seeds give two different songs.
/// </summary>
internal static class SyntheticMusic
{
    public const int SampleRate = 22050;

    public static float[] Song(int seed, double seconds)
    {
        var rng = new Random(seed);
        int n = (int)(seconds * SampleRate), noteLength = SampleRate / 4;
        var x = new float[n];
        for (int start = 0; start < n; start += noteLength)
            for (int voice = 0; voice < 3; voice++)
            {
                double f0 = 200 * Math.Pow(2, rng.Next(0, 37) / 12.0);
                double phase = rng.NextDouble() * 2 * Math.PI;
                for (int i = 0; i < noteLength && start + i < n; i++)
                {
                    double env = Math.Exp(-3.0 * i / noteLength);
                    double t = i / (double)SampleRate;
                    double v = 0;
                    for (int h = 1; h <= 3; h++) v += Math.Sin(2 * Math.PI * f0 * h * t + phase * h) / h;
                    x[start + i] += (float)(0.1 * env * v);
                }
            }
        return x;
    }

    /// <summary>White noise of the given RMS (seeded).</summary>
    public static float[] Noise(int seed, int length, double rms)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < length; i++)
        {
            // Box–Muller: Gaussian samples.
            double u = 1 - rng.NextDouble(), v = rng.NextDouble();
            x[i] = (float)(rms * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
        }
        return x;
    }

    public static double Rms(ReadOnlySpan<float> x)
    {
        double s = 0;
        foreach (float v in x) s += v * (double)v;
        return Math.Sqrt(s / Math.Max(1, x.Length));
    }

    /// <summary><paramref name="clip"/> plus noise <paramref name="snrDb"/> below its RMS.</summary>
    public static float[] WithNoise(float[] clip, double snrDb, int seed)
    {
        var noise = Noise(seed, clip.Length, Rms(clip) * Math.Pow(10, -snrDb / 20));
        var y = new float[clip.Length];
        for (int i = 0; i < y.Length; i++) y[i] = clip[i] + noise[i];
        return y;
    }
}
