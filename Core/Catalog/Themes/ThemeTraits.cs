using TuneBot.Core.Features;

namespace TuneBot.Core.Catalog.Themes;

/// <summary>
/// The musical traits a theme is named from, read off a cluster centroid in ORIGINAL summary units, plus their
/// positions on 0…1 scales between documented anchors (clamped outside them).
/// </summary>
public sealed record ThemeTraits
{
    /// <param name="tempoBpm">Tempo (beats per minute).</param>
    /// <param name="rms">Mean RMS of the waveform (full scale = 1).</param>
    /// <param name="rmsHarmonic">Mean RMS of the HPSS harmonic part.</param>
    /// <param name="rmsPercussive">Mean RMS of the HPSS percussive part.</param>
    /// <param name="spectralCentroidHz">Mean spectral centroid (Hz).</param>
    /// <param name="spectralRolloffHz">Mean 85 % spectral roll-off (Hz).</param>
    /// <param name="chromaMean">Mean chroma, 12 bins, C first.</param>
    public ThemeTraits(double tempoBpm, double rms, double rmsHarmonic, double rmsPercussive,
        double spectralCentroidHz, double spectralRolloffHz, ReadOnlySpan<double> chromaMean)
    {
        TempoBpm = Finite(tempoBpm);
        Rms = Math.Max(0, Finite(rms));
        double h = Math.Max(0, Finite(rmsHarmonic)), p = Math.Max(0, Finite(rmsPercussive));
        PercussiveShare = h + p > 0 ? p / (h + p) : 0;
        SpectralCentroidHz = Finite(spectralCentroidHz);
        SpectralRolloffHz = Finite(spectralRolloffHz);
        Key = KeyProfiles.Estimate(chromaMean);
    }

    /// <summary>Traits of a summary (e.g. a centroid mapped back to original units with FeatureSummary.FromVector).</summary>
    public static ThemeTraits FromSummary(FeatureSummary s) => new(s.TempoBpm, s.RmsMean, s.RmsHarmonicMean,
        s.RmsPercussiveMean, s.SpectralCentroidMean, s.SpectralRolloffMean, s.ChromaMean);

    /// <summary>Traits of a summary vector in FeatureSummary.ToVector() order, ORIGINAL units.</summary>
    public static ThemeTraits FromSummaryVector(ReadOnlySpan<double> vector) => FromSummary(FeatureSummary.FromVector(vector));

    public double TempoBpm { get; }
    public double Rms { get; }

    /// <summary>rms_percussive / (rms_harmonic + rms_percussive), 0…1.</summary>
    public double PercussiveShare { get; }
    public double SpectralCentroidHz { get; }
    public double SpectralRolloffHz { get; }
    public KeyEstimate Key { get; }

    /// <summary>Loudness of the mean RMS in dB full scale (−120 for silence).</summary>
    public double RmsDb => 20 * Math.Log10(Math.Max(Rms, 1e-6));

    // Anchors. Tempo: 70 BPM (ballad) … 150 BPM (dance, punk); most popular music sits between. Energy: librosa's
    // RMS of mastered pop/rock is around −20…−10 dBFS, quiet classical −35…−25, so −32 … −12 dBFS spans the
    // range. Percussive share: HPSS (kernel 31) leaves ~0.2 of the RMS in the percussive part of sustained
    // strings/pads and ~0.5 for drum-led music. Brightness: spectral centroid 1000 … 3500 Hz and 85 % roll-off
    // 2000 … 7000 Hz (at 22050 Hz sampling) cover mellow acoustic to bright distorted/electronic timbres.
    // Mode: a Krumhansl mode score (major − minor correlation) of ±0.2 already marks a clear mode on an averaged
    // chroma; key-averaging over a cluster's tracks flattens the chroma, so larger values are rare.

    /// <summary>Tempo on 0…1: 70 → 0, 150 BPM → 1.</summary>
    public double TempoLevel => Level(TempoBpm, 70, 150);

    /// <summary>Energy on 0…1: −32 → 0, −12 dBFS → 1.</summary>
    public double EnergyLevel => Level(RmsDb, -32, -12);

    /// <summary>Percussive share on 0…1: 0.2 → 0, 0.5 → 1.</summary>
    public double PercussionLevel => Level(PercussiveShare, 0.2, 0.5);

    /// <summary>Brightness on 0…1: mean of centroid (1000 → 0, 3500 Hz → 1) and roll-off (2000 → 0, 7000 Hz → 1).</summary>
    public double BrightnessLevel => (Level(SpectralCentroidHz, 1000, 3500) + Level(SpectralRolloffHz, 2000, 7000)) / 2;

    /// <summary>Mode on −1 (minor) … +1 (major): Krumhansl mode score / 0.2, clamped.</summary>
    public double ModeLevel => Math.Clamp(Key.ModeScore / 0.2, -1, 1);

    private static double Level(double x, double low, double high) => Math.Clamp((x - low) / (high - low), 0, 1);
    private static double Finite(double x) => double.IsFinite(x) ? x : 0;
}
