using System.Globalization;
using System.Text.Json;
using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Core.Features;

/// <summary>
/// One librosa reference clip from Tests/Fixtures/librosa: the 16-bit PCM WAV librosa analysed, its JSON summary
/// (NAME.librosa.json) and the full feature matrices (NAME/FEATURE.csv, rows = coefficients, columns = frames).
/// </summary>
public sealed class ReferenceClip
{
    public const string Clip120 = "synth-120bpm-30s";
    public const string Clip95 = "synth-95bpm-30s";

    /// <summary>Every reference clip, as xunit MemberData rows.</summary>
    public static TheoryData<string> Names => new() { Clip120, Clip95 };

    private static readonly Dictionary<string, ReferenceClip> Cache = new();

    private ReferenceClip(string name, float[] samples, int sampleRate, JsonElement summary)
    {
        Name = name;
        Samples = samples;
        SampleRate = sampleRate;
        Summary = summary;
    }

    public string Name { get; }
    /// <summary>Mono samples scaled like soundfile/librosa read PCM_16: int16 / 32768.</summary>
    public float[] Samples { get; }
    public int SampleRate { get; }
    /// <summary>The root of NAME.librosa.json (e.g. Summary.GetProperty("features").GetProperty("mfcc")).</summary>
    public JsonElement Summary { get; }

    public static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "librosa");

    /// <summary>Loads (once per test run) the clip called <paramref name="name"/>.</summary>
    public static ReferenceClip Load(string name)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue(name, out var clip)) return clip;
            var (samples, sr) = ReadPcm16Wav(Path.Combine(FixtureDirectory, name + ".wav"));
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, name + ".librosa.json")));
            clip = new ReferenceClip(name, samples, sr, doc.RootElement.Clone());
            Cache[name] = clip;
            return clip;
        }
    }

    /// <summary>librosa's matrix for <paramref name="feature"/> (file name without .csv, e.g. "mfcc", "chroma_stft").</summary>
    public FeatureMatrix Matrix(string feature) => ReadCsvMatrix(Path.Combine(FixtureDirectory, Name, feature + ".csv"));

    /// <summary>librosa's values for a one-row feature, or a flat list (e.g. "tempo", "beat_frames"), in double precision.</summary>
    public double[] Values(string feature) => ReadCsvRows(Path.Combine(FixtureDirectory, Name, feature + ".csv")).SelectMany(r => r).ToArray();

    /// <summary>features.NAME.mean from the JSON summary.</summary>
    public double[] SummaryMean(string feature) =>
        Summary.GetProperty("features").GetProperty(feature).GetProperty("mean").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>features.NAME.std from the JSON summary.</summary>
    public double[] SummaryStd(string feature) =>
        Summary.GetProperty("features").GetProperty(feature).GetProperty("std").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static FeatureMatrix ReadCsvMatrix(string path)
    {
        var rows = ReadCsvRows(path);
        int frames = rows[0].Length;
        var m = new FeatureMatrix(rows.Count, frames);
        for (int r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != frames) throw new InvalidDataException($"{path}: row {r} has {rows[r].Length} columns, row 0 has {frames}.");
            for (int t = 0; t < frames; t++) m[r, t] = (float)rows[r][t];
        }
        return m;
    }

    public static List<double[]> ReadCsvRows(string path) =>
        File.ReadLines(path)
            .Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())
            .ToList();

    /// <summary>Reads a RIFF/WAVE file with 16-bit PCM samples; several channels are averaged (librosa's mono).</summary>
    public static (float[] Samples, int SampleRate) ReadPcm16Wav(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 12 || BitConverter.ToUInt32(bytes, 0) != 0x46464952 /* RIFF */ || BitConverter.ToUInt32(bytes, 8) != 0x45564157 /* WAVE */)
            throw new InvalidDataException($"{path} is not a RIFF/WAVE file.");
        int channels = 0, sampleRate = 0, bits = 0, pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            int size = BitConverter.ToInt32(bytes, pos + 4);
            int body = pos + 8;
            if (id == "fmt ")
            {
                int format = BitConverter.ToUInt16(bytes, body);
                channels = BitConverter.ToUInt16(bytes, body + 2);
                sampleRate = BitConverter.ToInt32(bytes, body + 4);
                bits = BitConverter.ToUInt16(bytes, body + 14);
                if ((format != 1 && format != 0xFFFE) || bits != 16) throw new InvalidDataException($"{path}: only 16-bit PCM is supported.");
            }
            else if (id == "data")
            {
                if (channels == 0) throw new InvalidDataException($"{path}: data chunk before fmt chunk.");
                int n = Math.Min(size, bytes.Length - body) / (2 * channels);
                var samples = new float[n];
                for (int i = 0; i < n; i++)
                {
                    float acc = 0;
                    for (int c = 0; c < channels; c++) acc += BitConverter.ToInt16(bytes, body + 2 * (i * channels + c)) / 32768f;
                    samples[i] = acc / channels;
                }
                return (samples, sampleRate);
            }
            pos = body + size + (size & 1);
        }
        throw new InvalidDataException($"{path}: no data chunk.");
    }
}
