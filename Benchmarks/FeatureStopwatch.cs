using System.Diagnostics;
using TuneBot.Core.Features;

namespace TuneBot.Benchmarks;

/// <summary>Quick single-threaded stopwatch timing of the feature pipeline and its stages (median of N runs).</summary>
internal static class FeatureStopwatch
{
    public static void Run(double seconds, int repeats)
    {
        var samples = BenchmarkAudio.Load(seconds);
        Console.WriteLine($"clip: {seconds:0.#} s ({samples.Length} samples), {repeats} runs after warm-up, one thread");
        // Warm-up so tiered JIT settles.
        for (int i = 0; i < 3; i++) FeatureExtractor.Analyze(samples.AsSpan(0, Math.Min(samples.Length, 22050 * 30)));

        var spec = Stft.Compute(samples, 22050);
        var stages = new (string Name, Action Body)[]
        {
            ("FeatureExtractor.Analyze (total)", () => FeatureExtractor.Analyze(samples)),
            ("stft", () => Stft.Compute(samples, 22050)),
            ("power (|X|²)", () => _ = new Spectrogram(spec.Frames, spec.Bins, spec.NFft, spec.HopLength, spec.SampleRate, spec.Real, spec.Imag).Power),
            ("magnitude (|X|)", () => _ = new Spectrogram(spec.Frames, spec.Bins, spec.NFft, spec.HopLength, spec.SampleRate, spec.Real, spec.Imag).Magnitude),
            ("mel + dB + mfcc", () => Mfcc.Compute(spec)),
            ("tuning", () => Tuning.Estimate(spec)),
            ("chroma (given tuning)", () => Chroma.Compute(spec, 0.0)),
            ("centroid", () => SpectralCentroid.Compute(spec)),
            ("rolloff", () => SpectralRolloff.Compute(spec)),
            ("zcr", () => ZeroCrossingRate.Compute(samples)),
            ("rms", () => Rms.Compute(samples)),
        };
        foreach (var (name, body) in stages)
        {
            var times = new double[repeats];
            for (int r = 0; r < repeats; r++)
            {
                var sw = Stopwatch.StartNew();
                body();
                times[r] = sw.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            Console.WriteLine($"{name,-36} median {times[repeats / 2],8:0.0} ms   min {times[0],8:0.0} ms");
        }
    }
}
