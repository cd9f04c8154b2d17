using TuneBot.Core.Features;

namespace TuneBot.Core.Themes;

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
    public KeyEstimate Key { get; init; }

    /// <summary>Loudness of the mean RMS in dB full scale (−120 for silence).</summary>
    public double RmsDb => 20 * Math.Log10(Math.Max(Rms, 1e-6));

    // Anchors near the 10th and 90th percentiles of real tracks, so the 0…1 levels spread instead of bunching in the
    // middle; the measured values and the neutral mode score: docs/themes.md ("The constants").

    /// <summary>Tempo on 0…1: 95 → 0, 145 BPM → 1.</summary>
    public double TempoLevel => Level(TempoBpm, 95, 145);

    /// <summary>Energy on 0…1: −27 → 0, −13 dBFS → 1.</summary>
    public double EnergyLevel => Level(RmsDb, -27, -13);

    /// <summary>Percussive share on 0…1: 0.12 → 0, 0.45 → 1.</summary>
    public double PercussionLevel => Level(PercussiveShare, 0.12, 0.45);

    /// <summary>Brightness on 0…1: mean of centroid (900 → 0, 2600 Hz → 1) and roll-off (1700 → 0, 5500 Hz → 1).</summary>
    public double BrightnessLevel => (Level(SpectralCentroidHz, 900, 2600) + Level(SpectralRolloffHz, 1700, 5500)) / 2;

    /// <summary>Mode on −1 (minor) … +1 (major): (Krumhansl mode score + 0.06) / 0.15, clamped.</summary>
    public double ModeLevel => Key is { MajorCorrelation: 0, MinorCorrelation: 0 }
        ? 0   // a flat chroma has no key at all
        : Math.Clamp((Key.ModeScore + NeutralModeScore) / 0.15, -1, 1);

    /// <summary>Offset that makes the demo catalog's median mode score (−0.06) neutral.</summary>
    public const double NeutralModeScore = 0.06;

    private static double Level(double x, double low, double high) => Math.Clamp((x - low) / (high - low), 0, 1);
    private static double Finite(double x) => double.IsFinite(x) ? x : 0;
}
