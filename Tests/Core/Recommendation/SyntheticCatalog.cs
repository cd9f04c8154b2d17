using TuneBot.Core.Storage;
using TuneBot.Core.Themes;
using TuneBot.Core.Ingestion;
using TuneBot.Core.Recommendation;
using Xunit;

namespace TuneBot.Tests.Core.Recommendation;

/// <summary>
/// A small real catalog for the recommender tests: synthetic "songs" (random melodies of harmonic notes with a
/// little noise, each track its own seed and key) written as WAV files, ingested into a temporary SQLite file with
/// the real ingest, then clustered with the real k-means (k = 2). Built once per test class.
/// </summary>
public sealed class SyntheticCatalog : IAsyncLifetime
{
    public const int Tracks = 6;
    public const double TrackSeconds = 20;
    public const int SampleRate = 22050;

    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "tunebot-rec-tests", Guid.NewGuid().ToString("N"));
    public CatalogDatabase Database { get; private set; } = null!;
    /// <summary>The samples written for each track, by file name.</summary>
    public Dictionary<string, float[]> Audio { get; } = [];
    /// <summary>A query made after ingest and before clustering.</summary>
    public RecommendationResult BeforeClustering { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Dir);
        for (int i = 0; i < Tracks; i++)
        {
            var samples = Song(seed: 100 + i, seconds: TrackSeconds);
            var path = Path.Combine(Dir, $"song{i}.wav");
            WriteWav(path, samples);
            Audio[path] = samples;
        }
        Database = CatalogDatabase.Create("sqlite", Path.Combine(Dir, "catalog.db"));
        await Database.MigrateAsync();
        await new CatalogIngestor(Database).RunAsync([Dir]);
        using (var r = new Recommender(Database))
            BeforeClustering = await r.RecommendAsync(Audio.Values.First()[..(SampleRate * 5)], SampleRate);
        var summaries = await new TrackStore(Database).ListSummariesAsync();
        var result = CatalogClustering.Cluster(summaries, 2, 7);
        await new ClusterStore(Database).SaveRunAsync(result.Run, result.Assignments, result.Themes);
    }

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    /// <summary>A melody of 0.2–0.6 s notes drawn from a pentatonic scale on a per-seed root, three harmonics,
    /// a slow amplitude envelope per note and pink-ish noise 30 dB down.</summary>
    public static float[] Song(int seed, double seconds)
    {
        var rng = new Random(seed);
        int n = (int)(seconds * SampleRate);
        var x = new float[n];
        double root = 110 * Math.Pow(2, rng.Next(12) / 12.0);
        int[] scale = [0, 2, 4, 7, 9, 12, 14, 16];
        int pos = 0;
        while (pos < n)
        {
            int len = (int)((0.2 + 0.4 * rng.NextDouble()) * SampleRate);
            double f = root * Math.Pow(2, scale[rng.Next(scale.Length)] / 12.0) * (rng.Next(2) + 1);
            double phase = 0;
            for (int k = 0; k < len && pos + k < n; k++)
            {
                double env = Math.Min(1, k / 200.0) * Math.Exp(-2.0 * k / len);
                phase += 2 * Math.PI * f / SampleRate;
                x[pos + k] = (float)(0.3 * env * (Math.Sin(phase) + 0.5 * Math.Sin(2 * phase) + 0.25 * Math.Sin(3 * phase)));
            }
            pos += len;
        }
        for (int i = 0; i < n; i++) x[i] += (float)(0.01 * (rng.NextDouble() - 0.5));
        return x;
    }

    /// <summary>16-bit PCM mono WAV.</summary>
    public static void WriteWav(string path, float[] samples, int sampleRate = SampleRate)
    {
        using var w = new BinaryWriter(File.Create(path));
        int bytes = samples.Length * 2;
        w.Write("RIFF"u8); w.Write(36 + bytes); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(sampleRate); w.Write(sampleRate * 2); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(bytes);
        foreach (var s in samples) w.Write((short)Math.Clamp(Math.Round(s * 32767), -32768, 32767));
    }
}
