namespace TuneBot.Core.Features;

/// <summary>
/// A track's fixed-length summary: per-coefficient means and population standard deviations over frames (numpy's
/// mean/std, like the reference JSONs' features.NAME.mean / .std), plus tempo. <see cref="ToVector"/> lays the fields
/// out in a fixed order of <see cref="Length"/> values named by <see cref="Names"/>; catalog storage and clustering
/// use that vector, so the order must not change (append new fields at the end and bump the stored version).
/// </summary>
public sealed class FeatureSummary
{
    public const int MfccCount = 20;
    public const int ChromaCount = 12;

    /// <summary>Number of values in <see cref="ToVector"/>: 20 + 20 + 12 + 12 MFCC/chroma statistics and 11 scalars.</summary>
    public const int Length = 2 * MfccCount + 2 * ChromaCount + 11;

    /// <summary>Mean of each MFCC over frames (20; coefficient 0 is overall loudness in dB-ish units).</summary>
    public double[] MfccMean { get; init; } = new double[MfccCount];
    /// <summary>Population standard deviation of each MFCC over frames (20).</summary>
    public double[] MfccStd { get; init; } = new double[MfccCount];
    /// <summary>Mean of each chroma bin over frames (12, C … B, each in [0, 1]).</summary>
    public double[] ChromaMean { get; init; } = new double[ChromaCount];
    /// <summary>Population standard deviation of each chroma bin over frames (12).</summary>
    public double[] ChromaStd { get; init; } = new double[ChromaCount];
    /// <summary>Mean spectral centroid, Hz (brightness).</summary>
    public double SpectralCentroidMean { get; init; }
    /// <summary>Standard deviation of the spectral centroid, Hz.</summary>
    public double SpectralCentroidStd { get; init; }
    /// <summary>Mean 85 % spectral rolloff, Hz.</summary>
    public double SpectralRolloffMean { get; init; }
    /// <summary>Standard deviation of the rolloff, Hz.</summary>
    public double SpectralRolloffStd { get; init; }
    /// <summary>Mean zero-crossing rate (crossings per sample; noisiness/percussiveness).</summary>
    public double ZcrMean { get; init; }
    /// <summary>Standard deviation of the zero-crossing rate.</summary>
    public double ZcrStd { get; init; }
    /// <summary>Mean frame RMS (linear amplitude; loudness).</summary>
    public double RmsMean { get; init; }
    /// <summary>Standard deviation of the frame RMS (dynamics).</summary>
    public double RmsStd { get; init; }
    /// <summary>Mean frame RMS of the harmonic part (HPSS; sustained, tonal energy).</summary>
    public double RmsHarmonicMean { get; init; }
    /// <summary>Mean frame RMS of the percussive part (HPSS; transient energy).</summary>
    public double RmsPercussiveMean { get; init; }
    /// <summary>Global tempo, BPM.</summary>
    public double TempoBpm { get; init; }

    /// <summary>One name per element of <see cref="ToVector"/>, in the same order (mfcc_mean_0 … tempo_bpm).</summary>
    public static IReadOnlyList<string> Names { get; } = BuildNames();

    /// <summary>The fields in a fixed order: mfcc_mean[20], mfcc_std[20], chroma_mean[12], chroma_std[12], then the scalars
    /// in declaration order (centroid mean/std, rolloff mean/std, zcr mean/std, rms mean/std, rms_harmonic_mean,
    /// rms_percussive_mean, tempo_bpm).</summary>
    public double[] ToVector()
    {
        Check(MfccMean, MfccCount, nameof(MfccMean));
        Check(MfccStd, MfccCount, nameof(MfccStd));
        Check(ChromaMean, ChromaCount, nameof(ChromaMean));
        Check(ChromaStd, ChromaCount, nameof(ChromaStd));
        var v = new double[Length];
        int i = 0;
        foreach (var block in new[] { MfccMean, MfccStd, ChromaMean, ChromaStd })
        {
            block.CopyTo(v, i);
            i += block.Length;
        }
        foreach (var x in Scalars()) v[i++] = x;
        return v;
    }

    /// <summary>Inverse of <see cref="ToVector"/>; <paramref name="v"/> must have <see cref="Length"/> values.</summary>
    public static FeatureSummary FromVector(ReadOnlySpan<double> v)
    {
        if (v.Length != Length) throw new ArgumentException($"A feature summary has {Length} values, got {v.Length}.", nameof(v));
        int i = 0;
        double[] Take(int n, ReadOnlySpan<double> src) { var a = src.Slice(i, n).ToArray(); i += n; return a; }
        var mfccMean = Take(MfccCount, v);
        var mfccStd = Take(MfccCount, v);
        var chromaMean = Take(ChromaCount, v);
        var chromaStd = Take(ChromaCount, v);
        return new FeatureSummary
        {
            MfccMean = mfccMean,
            MfccStd = mfccStd,
            ChromaMean = chromaMean,
            ChromaStd = chromaStd,
            SpectralCentroidMean = v[i],
            SpectralCentroidStd = v[i + 1],
            SpectralRolloffMean = v[i + 2],
            SpectralRolloffStd = v[i + 3],
            ZcrMean = v[i + 4],
            ZcrStd = v[i + 5],
            RmsMean = v[i + 6],
            RmsStd = v[i + 7],
            RmsHarmonicMean = v[i + 8],
            RmsPercussiveMean = v[i + 9],
            TempoBpm = v[i + 10],
        };
    }

    /// <summary>Summarises per-frame matrices (means and population standard deviations over frames).</summary>
    public static FeatureSummary FromMatrices(FeatureMatrix mfcc, FeatureMatrix chroma, FeatureMatrix centroid, FeatureMatrix rolloff,
        FeatureMatrix zcr, FeatureMatrix rms, FeatureMatrix rmsHarmonic, FeatureMatrix rmsPercussive, double tempoBpm) => new()
    {
        MfccMean = mfcc.RowMeans(),
        MfccStd = mfcc.RowStandardDeviations(),
        ChromaMean = chroma.RowMeans(),
        ChromaStd = chroma.RowStandardDeviations(),
        SpectralCentroidMean = centroid.RowMeans()[0],
        SpectralCentroidStd = centroid.RowStandardDeviations()[0],
        SpectralRolloffMean = rolloff.RowMeans()[0],
        SpectralRolloffStd = rolloff.RowStandardDeviations()[0],
        ZcrMean = zcr.RowMeans()[0],
        ZcrStd = zcr.RowStandardDeviations()[0],
        RmsMean = rms.RowMeans()[0],
        RmsStd = rms.RowStandardDeviations()[0],
        RmsHarmonicMean = rmsHarmonic.RowMeans()[0],
        RmsPercussiveMean = rmsPercussive.RowMeans()[0],
        TempoBpm = tempoBpm,
    };

    private IEnumerable<double> Scalars()
    {
        yield return SpectralCentroidMean;
        yield return SpectralCentroidStd;
        yield return SpectralRolloffMean;
        yield return SpectralRolloffStd;
        yield return ZcrMean;
        yield return ZcrStd;
        yield return RmsMean;
        yield return RmsStd;
        yield return RmsHarmonicMean;
        yield return RmsPercussiveMean;
        yield return TempoBpm;
    }

    private static string[] BuildNames()
    {
        var names = new List<string>(Length);
        for (int i = 0; i < MfccCount; i++) names.Add($"mfcc_mean_{i}");
        for (int i = 0; i < MfccCount; i++) names.Add($"mfcc_std_{i}");
        for (int i = 0; i < ChromaCount; i++) names.Add($"chroma_mean_{i}");
        for (int i = 0; i < ChromaCount; i++) names.Add($"chroma_std_{i}");
        names.AddRange([
            "spectral_centroid_mean", "spectral_centroid_std", "spectral_rolloff_mean", "spectral_rolloff_std",
            "zcr_mean", "zcr_std", "rms_mean", "rms_std", "rms_harmonic_mean", "rms_percussive_mean", "tempo_bpm"]);
        return names.ToArray();
    }

    private static void Check(double[] a, int n, string name)
    {
        if (a.Length != n) throw new InvalidOperationException($"{name} must have {n} values, has {a.Length}.");
    }
}
