using System.Diagnostics;
using TuneBot.Core.Features;

namespace TuneBot.Benchmarks;

/// <summary>Quick single-threaded stopwatch timing of the feature pipeline and its stages (median of N runs).</summary>
internal static class FeatureStopwatch
{
    private static void FftOnly(int frames, bool load, float[]? samples = null)
    {
        var fft = new RealFftBatch(2048);
        int lanes = RealFftBatch.Lanes, bins = fft.Bins;
        var window = Stft.HannWindow(2048);
        var re = new float[lanes * bins];
        var im = new float[lanes * bins];
        var p = new float[lanes * bins];
        var m = new float[lanes * bins];
        for (int t0 = 0; t0 < frames; t0 += lanes)
        {
            if (load && samples != null)
                for (int j = 0; j < lanes; j++)
                {
                    int start = Math.Min((t0 + j) * 512, samples.Length - 2048);
                    fft.Load(j, samples.AsSpan(start, 2048), window);
                }
            fft.Transform(re, im, p, m, lanes);
        }
    }

    /// <summary>Bytes allocated on this thread by <paramref name="body"/>, MB, the least of three calls.</summary>
    private static double AllocatedMegabytes(Action body)
    {
        long least = long.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least / 1048576.0;
    }

    /// <summary>What ingest's TrackAnalyzer computes from the samples of one track.</summary>
    private static void IngestFeatures(float[] samples)
    {
        using var spectrogram = Stft.ComputePooled(samples, 22050);
        FeatureExtractor.Analyze(samples, spectrogram);
        Core.Features.SearchFrames.Compute(spectrogram);
    }

    /// <summary>FeatureExtractor.Analyze's steps in its order on a fresh spectrogram, CPU ms per step (median).</summary>
    private static void Sequential(float[] samples, int repeats)
    {
        var names = new List<string>();
        var cpu = new List<double[]>();
        var process = Process.GetCurrentProcess();
        for (int r = 0; r < repeats; r++)
        {
            int step = 0;
            void Time(string name, Action a)
            {
                process.Refresh();
                var c0 = process.TotalProcessorTime;
                a();
                process.Refresh();
                if (r == 0) { names.Add(name); cpu.Add(new double[repeats]); }
                cpu[step++][r] = (process.TotalProcessorTime - c0).TotalMilliseconds;
            }
            Spectrogram spec = null!;
            FeatureMatrix melDb = null!;
            double tuning = 0;
            Time("seq: stft", () => spec = Stft.Compute(samples, 22050));
            Time("seq: mel + dB", () => { melDb = MelFilterbank.Default.Apply(spec); Decibels.PowerToDb(melDb.Data, melDb.Data); });
            Time("seq: mfcc (dct)", () => Mfcc.FromMelDb(melDb));
            Time("seq: tuning", () => tuning = Tuning.Estimate(spec));
            Time("seq: chroma", () => Chroma.Compute(spec, new ChromaFilterbank(22050, 2048, tuning)));
            Time("seq: centroid", () => SpectralCentroid.Compute(spec));
            Time("seq: rolloff", () => SpectralRolloff.Compute(spec));
            Time("seq: zcr", () => ZeroCrossingRate.Compute(samples));
            Time("seq: rms", () => Rms.Compute(samples));
            Time("seq: onset + tempo", () => Tempo.Estimate(OnsetStrength.Compute(melDb)));
            Time("seq: hpss", () => Hpss.Compute(spec, samples));
            // Not part of Analyze: the search frames ingest stores and every clip query computes.
            Time("search frames (mfcc + tonal-peak chroma)", () => Core.Features.SearchFrames.Compute(spec));
        }
        for (int i = 0; i < names.Count; i++)
        {
            Array.Sort(cpu[i]);
            Console.WriteLine($"{names[i],-36} cpu median {cpu[i][repeats / 2],7:0.0} ms  min {cpu[i][0],7:0.0} ms");
        }
    }

    public static void Run(double seconds, int repeats)
    {
        var samples = BenchmarkAudio.Load(seconds);
        Console.WriteLine($"clip: {seconds:0.#} s ({samples.Length} samples), {repeats} runs after warm-up, one thread");
        // Warm-up so tiered JIT settles.
        for (int i = 0; i < 3; i++) FeatureExtractor.Analyze(samples.AsSpan(0, Math.Min(samples.Length, 22050 * 30)));

        // One call at full length too, so the pooled buffers of this length exist: the steady state of ingest.
        FeatureExtractor.Analyze(samples);
        Console.WriteLine($"FeatureExtractor.Analyze allocates {AllocatedMegabytes(() => FeatureExtractor.Analyze(samples)):0.0} MB per call (min of 3); " +
            $"ingest's features (pooled STFT + Analyze + search frames) {AllocatedMegabytes(() => IngestFeatures(samples)):0.0} MB; " +
            $"peak working set so far {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB");
        Sequential(samples, repeats);
        var spec = Stft.Compute(samples, 22050);
        var scratch = new float[spec.Cells];
        var stages = new (string Name, Action Body)[]
        {
            ("FeatureExtractor.Analyze (total)", () => FeatureExtractor.Analyze(samples)),
            ("stft", () => Stft.Compute(samples, 22050)),
            ("stft (pooled arrays)", () => Stft.ComputePooled(samples, 22050).Dispose()),
            ("  fft batches only (no page faults)", () => FftOnly(spec.Frames, load: false)),
            ("  fft batches + frame loads", () => FftOnly(spec.Frames, load: true, samples)),
            ("power (|X|²)", () => _ = new Spectrogram(spec.Frames, spec.Bins, spec.NFft, spec.HopLength, spec.SampleRate, spec.Real, spec.Imag).Power),
            ("magnitude (|X|)", () => _ = new Spectrogram(spec.Frames, spec.Bins, spec.NFft, spec.HopLength, spec.SampleRate, spec.Real, spec.Imag).Magnitude),
            ("mel + dB + mfcc", () => Mfcc.Compute(spec)),
            ("tuning", () => Tuning.Estimate(spec)),
            ("chroma (given tuning)", () => Chroma.Compute(spec, 0.0)),
            ("centroid", () => SpectralCentroid.Compute(spec)),
            ("rolloff", () => SpectralRolloff.Compute(spec)),
            ("zcr", () => ZeroCrossingRate.Compute(samples)),
            ("rms", () => Rms.Compute(samples)),
            ("onset + tempo", () => Tempo.Estimate(OnsetStrength.Compute(Decibels.PowerToDb(MelFilterbank.Default.Apply(spec))))),
            ("hpss (total)", () => Hpss.Compute(spec, samples)),
            ("  hpss: median over time (31 frames)", () => MedianFilter.AcrossRows(spec.Magnitude, spec.Frames, spec.Bins, Hpss.KernelSize, scratch)),
            ("  hpss: median over frequency (31 bins)", () => MedianFilter.AlongRows(spec.Magnitude, spec.Frames, spec.Bins, Hpss.KernelSize, scratch)),
            ("  hpss: harmonic mask", () => Hpss.HarmonicMask(spec)),
            ("  hpss: inverse stft", () => Istft.Compute(spec, samples.Length, scratch)),
        };
        foreach (var (name, body) in stages)
        {
            var times = new double[repeats];
            var cpu = new double[repeats];
            var process = Process.GetCurrentProcess();
            for (int r = 0; r < repeats; r++)
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                body();
                times[r] = sw.Elapsed.TotalMilliseconds;
                process.Refresh();
                cpu[r] = (process.TotalProcessorTime - cpu0).TotalMilliseconds;
            }
            Array.Sort(times);
            Array.Sort(cpu);
            // On a busy machine wall time includes waiting for a core; process CPU time (all threads, so it includes
            // any GC work) is the steadier figure.
            Console.WriteLine($"{name,-36} wall median {times[repeats / 2],7:0.0} ms  min {times[0],7:0.0} ms   cpu median {cpu[repeats / 2],7:0.0} ms  min {cpu[0],7:0.0} ms");
        }
    }
}
