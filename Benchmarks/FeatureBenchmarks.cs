using BenchmarkDotNet.Attributes;
using TuneBot.Core.Features;

namespace TuneBot.Benchmarks;

/// <summary>BenchmarkDotNet view of the feature pipeline on a 180 s clip, one thread.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class FeatureBenchmarks
{
    private float[] _samples = [];
    private Spectrogram _spectrogram = null!;

    [GlobalSetup]
    public void Setup()
    {
        _samples = BenchmarkAudio.Load(180);
        _spectrogram = Stft.Compute(_samples, 22050);
        _ = _spectrogram.Power;
        _ = _spectrogram.Magnitude;
    }

    [Benchmark] public TrackAnalysis Analyze() => FeatureExtractor.Analyze(_samples);
    [Benchmark] public Spectrogram StftOnly() => Stft.Compute(_samples, 22050);
    [Benchmark] public FeatureMatrix MelMfcc() => Mfcc.Compute(_spectrogram);
    [Benchmark] public FeatureMatrix ChromaWithTuning() => Chroma.Compute(_spectrogram);
}
