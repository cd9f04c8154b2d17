namespace TuneBot.Benchmarks;

/// <summary>Benchmark input: the 16-bit PCM reference clip from the test fixtures, looped to the requested length.</summary>
internal static class BenchmarkAudio
{
    public static float[] Load(double seconds, int sampleRate = 22050)
    {
        var clip = ReadPcm16(FindFixture("synth-120bpm-30s.wav"));
        var samples = new float[(int)(seconds * sampleRate)];
        for (int i = 0; i < samples.Length; i++) samples[i] = clip[i % clip.Length];
        return samples;
    }

    private static string FindFixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "Tests", "Fixtures", "librosa", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"Run from inside the repository: Tests/Fixtures/librosa/{name} not found.");
    }

    /// <summary>Reads a mono 16-bit PCM WAV as int16 / 32768 (what soundfile and librosa read).</summary>
    public static float[] ReadPcm16(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int pos = 12, channels = 1;
        while (pos + 8 <= bytes.Length)
        {
            string id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            int size = BitConverter.ToInt32(bytes, pos + 4);
            if (id == "fmt ")
            {
                channels = BitConverter.ToUInt16(bytes, pos + 10);
                if (channels != 1 || BitConverter.ToUInt16(bytes, pos + 22) != 16) throw new InvalidDataException($"{path}: need mono 16-bit PCM.");
            }
            if (id == "data")
            {
                size = Math.Min(size, bytes.Length - pos - 8);
                var s = new float[size / 2];
                for (int i = 0; i < s.Length; i++) s[i] = BitConverter.ToInt16(bytes, pos + 8 + 2 * i) / 32768f;
                return s;
            }
            pos += 8 + size + (size & 1);
        }
        throw new InvalidDataException(path);
    }
}
