using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using TuneBot.Core.Storage;
using TuneBot.Core.Themes;
using TuneBot.Core.Ingestion;
using Xunit;

namespace TuneBot.Tests.Bot.Advice;

/// <summary>
/// A small real catalog for the advisor and end-to-end tests, built once per test run: 16 synthetic tracks
/// (20–35 s) made with ffmpeg in four families — decaying plucks at slow tempi, sustained chords, noise-burst
/// drums at fast tempi, bright square-ish leads — tagged with title and artist, ingested with the real
/// <see cref="CatalogIngestor"/> into a temporary SQLite file and clustered (k = 4) with the real
/// <see cref="CatalogClustering"/> and <see cref="ClusterStore"/>. Also a voice note: an OGG/Opus excerpt
/// (8–18 s) of <see cref="VoiceSource"/>, and a corrupt OGG.
/// </summary>
public sealed class GeneratedCatalog : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "tunebot-advice-" + Guid.NewGuid().ToString("N"));
    public string DatabasePath => Path.Combine(Directory, "catalog.db");
    public string ConnectionString => $"Data Source={DatabasePath}";
    public string MusicRoot => Path.Combine(Directory, "music");
    public string VoiceNotePath => Path.Combine(Directory, "voice.ogg");
    public string CorruptOggPath => Path.Combine(Directory, "corrupt.ogg");

    /// <summary>The track the voice note is cut from, and where (seconds).</summary>
    public const string VoiceSource = "Cedar Pluck";
    public const double VoiceStartSeconds = 8;

    public CatalogDatabase Database { get; private set; } = null!;
    public IReadOnlyList<CatalogTrack> Tracks { get; private set; } = [];
    public long RunId { get; private set; }

    public static readonly (string Artist, string Title, string Expr, int Seconds)[] Specs = Build();

    private static (string, string, string, int)[] Build()
    {
        static string N(double v) => v.ToString(CultureInfo.InvariantCulture);
        var list = new List<(string, string, string, int)>();
        string[] plucks = ["Amber Pluck", "Brook Pluck", "Cedar Pluck", "Dune Pluck"];
        string[] chords = ["Café Noir", "Velvet Choir", "Slow Harbour", "Quiet Lantern"];
        string[] drums = ["Rattle Run", "Static Sprint", "Gravel Rush", "Hail Storm"];
        string[] leads = ["Neon Lead", "Laser Parade", "Pixel Rally", "Sunny Arcade"];
        for (int i = 0; i < 4; i++)
        {
            double f = new[] { 262, 294, 330, 392 }[i], bpm = 72 + 8 * i;
            // A scale moving by a different interval per track every 5 s (+1, −2, +3, −1 semitones), so each part of
            // a pluck track sounds different and a voice note can be located in it.
            int step = new[] { 1, -2, 3, -1 }[i];
            list.Add(("Glass Harp", plucks[i], $"0.6*sin(2*PI*{N(f)}*pow(2\\,{step}*floor(t/5)/12)*t)*exp(-6*mod(t\\,{N(60 / bpm)}))", 30));
            // Chords within the 300–3400 Hz band the clip search listens to (a phone hears little below it).
            double g = new[] { 392, 440, 494, 350 }[i];
            list.Add(("Organ Circle", chords[i], $"0.18*(sin(2*PI*{N(g)}*t)+sin(2*PI*{N(g * 1.26)}*t)+sin(2*PI*{N(g * 1.5)}*t))*(0.8+0.2*sin(2*PI*0.5*t))", 25));
            double d = 140 + 10 * i;
            list.Add(("Noise Drums", drums[i], $"0.7*(2*random(0)-1)*exp(-25*mod(t\\,{N(60 / d)}))", 20));
            double h = new[] { 440, 494, 523, 587 }[i], b = 120 + 4 * i;
            list.Add(("Square Lead", leads[i], $"0.3*(sin(2*PI*{N(h)}*t)+sin(6*PI*{N(h)}*t)/3+sin(10*PI*{N(h)}*t)/5)*(0.6+0.4*gt(mod(t*{N(b / 60)}\\,1)\\,0.5))", 35));
        }
        return list.ToArray();
    }

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(MusicRoot);
        var jobs = Specs.Select((s, i) => Task.Run(() => Ffmpeg(
            "-f", "lavfi", "-i", $"aevalsrc={s.Expr}:s=22050:d={s.Seconds}",
            "-metadata", $"title={s.Title}", "-metadata", $"artist={s.Artist}",
            "-c:a", "libmp3lame", "-b:a", "96k", Path.Combine(MusicRoot, $"{i:D2}.mp3")))).ToArray();
        await Task.WhenAll(jobs);

        Database = CatalogDatabase.Create("sqlite", DatabasePath);
        await Database.MigrateAsync();
        var report = await new CatalogIngestor(Database).RunAsync([MusicRoot], new IngestOptions { Workers = 2 });
        Assert.Empty(report.Failures);
        var tracks = new TrackStore(Database);
        Tracks = await tracks.ListAsync();
        Assert.Equal(Specs.Length, Tracks.Count);
        var summaries = await tracks.ListSummariesAsync();
        var result = CatalogClustering.Cluster(summaries, k: 4, seed: 42);
        RunId = await new ClusterStore(Database).SaveRunAsync(result.Run, result.Assignments, result.Themes);

        var source = Tracks.Single(t => t.Title == VoiceSource);
        Ffmpeg("-ss", VoiceStartSeconds.ToString(CultureInfo.InvariantCulture), "-t", "10", "-i", source.Path,
            "-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", "32k", VoiceNotePath);
        var ogg = await File.ReadAllBytesAsync(VoiceNotePath);
        // An OGG page header followed by garbage: looks like a voice note, decodes to nothing.
        var corrupt = ogg.Take(200).Concat(Enumerable.Range(0, 6000).Select(i => (byte)(i * 37 % 251))).ToArray();
        await File.WriteAllBytesAsync(CorruptOggPath, corrupt);
    }

    public CatalogTrack Track(string title) => Tracks.Single(t => t.Title == title);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    /// <summary>Runs ffmpeg with an argument list; throws with its stderr on failure.</summary>
    public static void Ffmpeg(params string[] args)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-hide_banner", "-loglevel", "error", "-y" }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {err}");
    }

    /// <summary>ffprobe's view of an audio file: (codec, duration s, title tag); throws when it cannot read it.</summary>
    public static (string Codec, double Duration, string Title) Probe(string path)
    {
        var psi = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-show_entries", "stream=codec_name:format=duration:format_tags=title", "-of", "default=nw=1", path })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ffprobe failed: {err}");
        var kv = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).Where(x => x.Length == 2)
            .GroupBy(x => x[0].Replace("TAG:", "")).ToDictionary(g => g.Key, g => g.First()[1]);
        return (kv.GetValueOrDefault("codec_name", ""), double.Parse(kv.GetValueOrDefault("duration", "0"), CultureInfo.InvariantCulture),
            kv.GetValueOrDefault("title", ""));
    }
}

/// <summary>
/// Not run in parallel with other collections: the bot scenarios here write the transport's temporary clip files
/// (tunebot-*.ogg in the temp folder), which the transport tests check are deleted right away.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GeneratedCatalogCollection : ICollectionFixture<GeneratedCatalog>
{
    public const string Name = "Generated catalog";
}
