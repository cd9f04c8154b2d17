using TuneBot.Core.Features;

namespace TuneBot.CatalogTool.Json;

/// <summary>
/// The JSON printed by <c>analyze FILE --json</c> (field names in snake_case, see <see cref="IngestJsonContext"/>).
/// Means and standard deviations are over frames; standard deviations are population (ddof = 0), like the
/// librosa reference JSONs' <c>features.NAME.mean</c> / <c>.std</c>. A scalar feature that could not be computed
/// (not a finite number) is written as JSON <c>null</c> rather than as an invalid NaN.
/// </summary>
public sealed class AnalysisReport
{
    /// <summary>The path as given on the command line.</summary>
    public required string File { get; init; }
    /// <summary>Duration of the analysed audio in seconds (after any truncation).</summary>
    public double DurationS { get; init; }
    /// <summary>Sample rate of the analysed audio in Hz (22050).</summary>
    public int SampleRate { get; init; }
    /// <summary>Number of STFT frames (hop 512, centred).</summary>
    public int Frames { get; init; }
    /// <summary>Estimated tempo in beats per minute.</summary>
    public double? TempoBpm { get; init; }
    /// <summary>Per-coefficient mean of the 20 MFCCs.</summary>
    public required double[] MfccMean { get; init; }
    /// <summary>Per-coefficient population standard deviation of the 20 MFCCs.</summary>
    public required double[] MfccStd { get; init; }
    /// <summary>Per-pitch-class mean of the 12 chroma bins (C, C#, … B).</summary>
    public required double[] ChromaMean { get; init; }
    /// <summary>Per-pitch-class population standard deviation of chroma.</summary>
    public required double[] ChromaStd { get; init; }
    /// <summary>Mean spectral centroid in Hz.</summary>
    public double? SpectralCentroidMean { get; init; }
    /// <summary>Standard deviation of the spectral centroid in Hz.</summary>
    public double? SpectralCentroidStd { get; init; }
    /// <summary>Mean 85% spectral rolloff in Hz.</summary>
    public double? SpectralRolloffMean { get; init; }
    /// <summary>Standard deviation of the spectral rolloff in Hz.</summary>
    public double? SpectralRolloffStd { get; init; }
    /// <summary>Mean zero-crossing rate (crossings per sample).</summary>
    public double? ZcrMean { get; init; }
    /// <summary>Standard deviation of the zero-crossing rate.</summary>
    public double? ZcrStd { get; init; }
    /// <summary>Mean RMS energy per frame.</summary>
    public double? RmsMean { get; init; }
    /// <summary>Mean RMS of the HPSS harmonic part.</summary>
    public double? RmsHarmonicMean { get; init; }
    /// <summary>Mean RMS of the HPSS percussive part.</summary>
    public double? RmsPercussiveMean { get; init; }
    /// <summary>Wall-clock time of each stage.</summary>
    public required ElapsedMilliseconds ElapsedMs { get; init; }

    /// <summary>Builds the report from an analysis.</summary>
    public static AnalysisReport From(string file, TrackAnalysis analysis, double decodeMs, double featuresMs)
    {
        var s = analysis.Summary;
        return new AnalysisReport
        {
            File = file,
            DurationS = analysis.DurationSeconds,
            SampleRate = analysis.SampleRate,
            Frames = analysis.Frames,
            TempoBpm = Finite(analysis.TempoBpm),
            MfccMean = s.MfccMean,
            MfccStd = s.MfccStd,
            ChromaMean = s.ChromaMean,
            ChromaStd = s.ChromaStd,
            SpectralCentroidMean = Finite(s.SpectralCentroidMean),
            SpectralCentroidStd = Finite(s.SpectralCentroidStd),
            SpectralRolloffMean = Finite(s.SpectralRolloffMean),
            SpectralRolloffStd = Finite(s.SpectralRolloffStd),
            ZcrMean = Finite(s.ZcrMean),
            ZcrStd = Finite(s.ZcrStd),
            RmsMean = Finite(s.RmsMean),
            RmsHarmonicMean = Finite(s.RmsHarmonicMean),
            RmsPercussiveMean = Finite(s.RmsPercussiveMean),
            ElapsedMs = new ElapsedMilliseconds { Decode = Math.Round(decodeMs, 3), Features = Math.Round(featuresMs, 3) },
        };
    }

    /// <summary>Names of the vector fields holding a non-finite number (JSON cannot carry NaN); empty when none do.</summary>
    public IEnumerable<string> NonFiniteVectors()
    {
        (string Name, double[] Values)[] arrays =
            [("mfcc_mean", MfccMean), ("mfcc_std", MfccStd), ("chroma_mean", ChromaMean), ("chroma_std", ChromaStd)];
        foreach (var (name, values) in arrays)
            if (values.Any(v => !double.IsFinite(v)))
                yield return name;
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}

/// <summary>Milliseconds spent per stage of <c>analyze</c>.</summary>
public sealed class ElapsedMilliseconds
{
    /// <summary>ffmpeg decode to 22050 Hz mono, including process start.</summary>
    public double Decode { get; init; }
    /// <summary>FeatureExtractor.Analyze, one thread.</summary>
    public double Features { get; init; }
}
