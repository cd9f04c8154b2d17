using System.Globalization;
using System.Text;
using TuneBot.Core.Features;

namespace TuneBot.Benchmarks;

/// <summary>Writes our feature matrices in the reference CSV layout so a script can compare them with librosa's.</summary>
internal static class FeatureDump
{
    public static void Write(string wavPath, string outDir)
    {
        var samples = BenchmarkAudio.ReadPcm16(wavPath);
        var a = FeatureExtractor.Analyze(samples);
        Directory.CreateDirectory(outDir);
        Save(Path.Combine(outDir, "mfcc.csv"), a.Mfcc);
        Save(Path.Combine(outDir, "chroma_stft.csv"), a.Chroma);
        Save(Path.Combine(outDir, "spectral_centroid.csv"), a.SpectralCentroid);
        Save(Path.Combine(outDir, "spectral_rolloff.csv"), a.SpectralRolloff);
        Save(Path.Combine(outDir, "zero_crossing_rate.csv"), a.ZeroCrossingRate);
        Save(Path.Combine(outDir, "rms.csv"), a.Rms);
        File.WriteAllText(Path.Combine(outDir, "scalars.csv"),
            string.Create(CultureInfo.InvariantCulture, $"tuning,{a.TuningSemitones:R}\ntempo,{a.TempoBpm:R}\n"));
    }

    private static void Save(string path, FeatureMatrix m)
    {
        var sb = new StringBuilder();
        for (int r = 0; r < m.Rows; r++)
        {
            for (int t = 0; t < m.Frames; t++)
            {
                if (t > 0) sb.Append(',');
                sb.Append(((double)m[r, t]).ToString("R", CultureInfo.InvariantCulture)); // the float's exact value
            }
            sb.Append('\n');
        }
        File.WriteAllText(path, sb.ToString());
    }
}
