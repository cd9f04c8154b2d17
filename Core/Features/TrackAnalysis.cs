namespace TuneBot.Core.Features;

/// <summary>
/// Everything <see cref="FeatureExtractor.Analyze(ReadOnlySpan{float}, int)"/> computes for one clip: the per-frame
/// matrices (frame t covers samples centred on t · 512) and the fixed-length <see cref="Summary"/>.
/// All matrices have <see cref="Frames"/> columns.
/// </summary>
public sealed class TrackAnalysis
{
    /// <summary>Sample rate of the analysed samples, Hz (22050 for the librosa defaults).</summary>
    public required int SampleRate { get; init; }
    /// <summary>Length of the analysed samples in seconds.</summary>
    public required double DurationSeconds { get; init; }
    /// <summary>Number of frames T = 1 + ⌊samples / 512⌋.</summary>
    public required int Frames { get; init; }
    /// <summary>20 × T MFCCs (librosa.feature.mfcc).</summary>
    public required FeatureMatrix Mfcc { get; init; }
    /// <summary>12 × T chromagram, rows C, C♯, …, B, each frame scaled to max 1 (librosa.feature.chroma_stft).</summary>
    public required FeatureMatrix Chroma { get; init; }
    /// <summary>1 × T spectral centroid, Hz.</summary>
    public required FeatureMatrix SpectralCentroid { get; init; }
    /// <summary>1 × T 85 % spectral rolloff, Hz.</summary>
    public required FeatureMatrix SpectralRolloff { get; init; }
    /// <summary>1 × T zero-crossing rate (crossings per sample).</summary>
    public required FeatureMatrix ZeroCrossingRate { get; init; }
    /// <summary>1 × T frame RMS of the signal (linear amplitude).</summary>
    public required FeatureMatrix Rms { get; init; }
    /// <summary>1 × T frame RMS of the HPSS harmonic part.</summary>
    public required FeatureMatrix RmsHarmonic { get; init; }
    /// <summary>1 × T frame RMS of the HPSS percussive part.</summary>
    public required FeatureMatrix RmsPercussive { get; init; }
    /// <summary>Global tempo estimate, BPM (librosa.feature.tempo / beat.tempo).</summary>
    public required double TempoBpm { get; init; }
    /// <summary>Tuning used for the chroma filterbank, in fractions of a semitone from A440, [−0.5, 0.5).</summary>
    public required double TuningSemitones { get; init; }
    /// <summary>Means, standard deviations and globals of the matrices above (see <see cref="FeatureSummary"/>).</summary>
    public required FeatureSummary Summary { get; init; }
}
