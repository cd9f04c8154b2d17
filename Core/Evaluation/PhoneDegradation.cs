namespace TuneBot.Core.Evaluation;

/// <summary>
/// In-process degradations, reproducible from a seed (the same <see cref="Random"/> state gives the same output).
/// Opus is applied by <see cref="OpusRoundTrip"/> (it needs ffmpeg).
/// Order follows the physical path: room (the song in the air) → noise (the room's own sounds) → phone
/// microphone (band limit, automatic gain) → codec.
/// </summary>
public static class PhoneDegradation
{
    /// <summary>Signal-to-noise ratio of the added noise, dB (the "background noise at 10 dB SNR").</summary>
    public const double NoiseSnrDb = 10;
    /// <summary>The phone microphone's pass band, Hz.</summary>
    public const double PhoneLowHz = 200, PhoneHighHz = 3800;

    /// <summary>Applies the in-process parts of <paramref name="what"/> (all but Opus) to a copy of <paramref name="clip"/>.</summary>
    /// <param name="clip">Mono samples.</param>
    /// <param name="sampleRate">Hz.</param>
    /// <param name="rng">Source of every random choice (RT60, DRR, noise samples).</param>
    public static float[] Apply(ReadOnlySpan<float> clip, int sampleRate, Degradation what, Random rng)
    {
        var x = clip.ToArray();
        if (what.HasFlag(Degradation.Room)) x = AddRoom(x, sampleRate, rng);
        if (what.HasFlag(Degradation.Noise)) AddPinkNoise(x, NoiseSnrDb, rng);
        if (what.HasFlag(Degradation.Phone))
        {
            BandLimit(x, sampleRate, PhoneLowHz, PhoneHighHz);
            Compress(x, sampleRate);
        }
        return x;
    }

    /// <summary>
    /// Convolution with a synthetic room impulse response: a direct path plus exponentially decaying noise
    /// whose decay reaches −60 dB at RT60 (Schroeder's statistical model of a diffuse field). RT60 is drawn from
    /// 0.25–0.5 s (a small furnished room) and the direct-to-reverberant energy ratio from 0–6 dB (a phone a metre
    /// or two from the loudspeaker).
    /// <para>Review fix: the lead's draft gave the tail a fixed per-sample amplitude (0.35), so its energy grew with
    /// the sample rate and RT60 — about 73× the direct sound at 22050 Hz (DRR ≈ −19 dB, a cathedral-like wash, not
    /// a small room). The tail is now scaled to the drawn DRR, independent of the sample rate.</para>
    /// </summary>
    public static float[] AddRoom(float[] x, int sampleRate, Random rng)
    {
        double rt60 = 0.25 + 0.25 * rng.NextDouble();
        double drrDb = 6 * rng.NextDouble();
        int length = (int)(rt60 * sampleRate);
        var ir = new float[length];
        double decay = Math.Log(1000) / (rt60 * sampleRate); // amplitude e^{-decay·n} is −60 dB at n = RT60·sr
        int preDelay = (int)(0.005 * sampleRate);
        double tailEnergy = 0;
        for (int n = preDelay; n < length; n++)
        {
            ir[n] = (float)(Gaussian(rng) * Math.Exp(-decay * n));
            tailEnergy += (double)ir[n] * ir[n];
        }
        // Direct path 1 (energy 1): the tail's energy must be 10^(−DRR/10).
        float tailGain = tailEnergy > 0 ? (float)Math.Sqrt(Math.Pow(10, -drrDb / 10) / tailEnergy) : 0f;
        for (int n = preDelay; n < length; n++) ir[n] *= tailGain;
        ir[0] = 1f;
        var y = FftConvolution.Convolve(x, ir);
        Normalise(y, PeakOf(x));
        return y;
    }

    /// <summary>Pink (1/f) noise by Paul Kellet's economy filter on white noise, scaled to the given SNR against the clip's RMS.</summary>
    public static void AddPinkNoise(float[] x, double snrDb, Random rng)
    {
        var noise = new float[x.Length];
        double b0 = 0, b1 = 0, b2 = 0;
        for (int i = 0; i < noise.Length; i++)
        {
            double white = Gaussian(rng);
            b0 = 0.99765 * b0 + white * 0.0990460;
            b1 = 0.96300 * b1 + white * 0.2965164;
            b2 = 0.57000 * b2 + white * 1.0526913;
            noise[i] = (float)(b0 + b1 + b2 + white * 0.1848);
        }
        double signalRms = Rms(x), noiseRms = Rms(noise);
        if (signalRms <= 0 || noiseRms <= 0) return;
        float gain = (float)(signalRms / noiseRms / Math.Pow(10, snrDb / 20));
        for (int i = 0; i < x.Length; i++) x[i] += gain * noise[i];
    }

    /// <summary>Second-order Butterworth high-pass then low-pass (RBJ cookbook biquads, Q = 1/√2), twice each for
    /// 24 dB/octave skirts (−6 dB at the edges, as a cascade of two Butterworth sections is).</summary>
    public static void BandLimit(float[] x, int sampleRate, double lowHz, double highHz)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            Biquad(x, sampleRate, lowHz, highPass: true);
            Biquad(x, sampleRate, highHz, highPass: false);
        }
    }

    /// <summary>
    /// A phone's automatic gain control: an envelope follower (5 ms attack, 150 ms release) with a 4:1 ratio above
    /// −30 dBFS, then make-up gain to the original peak.
    /// </summary>
    public static void Compress(float[] x, int sampleRate)
    {
        float peak = PeakOf(x);
        double attack = Math.Exp(-1.0 / (0.005 * sampleRate)), release = Math.Exp(-1.0 / (0.150 * sampleRate));
        double env = 0, threshold = Math.Pow(10, -30 / 20.0), ratio = 4;
        for (int i = 0; i < x.Length; i++)
        {
            double a = Math.Abs(x[i]);
            env = a > env ? attack * env + (1 - attack) * a : release * env + (1 - release) * a;
            if (env > threshold)
            {
                double overDb = 20 * Math.Log10(env / threshold);
                double gainDb = -overDb * (1 - 1 / ratio);
                x[i] *= (float)Math.Pow(10, gainDb / 20);
            }
        }
        Normalise(x, peak);
    }

    private static void Biquad(float[] x, int sampleRate, double f0, bool highPass)
    {
        double w0 = 2 * Math.PI * f0 / sampleRate, cos = Math.Cos(w0), alpha = Math.Sin(w0) / (2 * Math.Sqrt(0.5));
        double b0, b1, b2;
        if (highPass) { b0 = (1 + cos) / 2; b1 = -(1 + cos); b2 = (1 + cos) / 2; }
        else { b0 = (1 - cos) / 2; b1 = 1 - cos; b2 = (1 - cos) / 2; }
        double a0 = 1 + alpha, a1 = -2 * cos, a2 = 1 - alpha;
        b0 /= a0; b1 /= a0; b2 /= a0; a1 /= a0; a2 /= a0;
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double y = b0 * x[i] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
            x2 = x1; x1 = x[i]; y2 = y1; y1 = y;
            x[i] = (float)y;
        }
    }

    private static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Rms(float[] x)
    {
        double acc = 0;
        foreach (var v in x) acc += (double)v * v;
        return x.Length == 0 ? 0 : Math.Sqrt(acc / x.Length);
    }

    private static float PeakOf(float[] x)
    {
        float p = 0;
        foreach (var v in x) p = Math.Max(p, Math.Abs(v));
        return p;
    }

    private static void Normalise(float[] x, float targetPeak)
    {
        float p = PeakOf(x);
        if (p <= 0 || targetPeak <= 0) return;
        float g = targetPeak / p;
        for (int i = 0; i < x.Length; i++) x[i] *= g;
    }
}
