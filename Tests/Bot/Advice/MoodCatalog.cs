using Microsoft.Data.Sqlite;
using TuneBot.Core.Storage;
using TuneBot.Core.Themes;
using TuneBot.Core.Features;
using TuneBot.Core.Recommendation;
using TuneBot.Tests.Core.Storage;
using TuneBot.Tests.Core.Themes;
using Xunit;

namespace TuneBot.Tests.Bot.Advice;

/// <summary>
/// A generated catalog with known mood clusters for the mood-playlist tests: five families of 12 tracks whose
/// summary vectors are written directly (no audio: the mood rule reads only tempo, loudness, percussive share,
/// brightness and key), each family aimed at one mood region — fast loud bright major (happy), fast loud
/// drum-led dark minor (angry), driving dark minor at medium loudness (anxious), slow quiet dark minor (sad),
/// slow quiet warm major (calm) — with per-track jitter, stored in a temporary SQLite file and clustered with the
/// real <see cref="CatalogClustering"/> (k = 5).
/// </summary>
public sealed class MoodCatalog : IAsyncLifetime
{
    public const int PerFamily = 12;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "tunebot-mood-" + Guid.NewGuid().ToString("N"));
    public string ConnectionString => $"Data Source={Path.Combine(Directory, "catalog.db")}";
    public CatalogDatabase Database { get; private set; } = null!;

    /// <summary>Each stored track's family (the mood it was generated for).</summary>
    public Dictionary<long, Mood> FamilyOf { get; } = [];

    /// <summary>Each stored track's own valence/arousal (ThemeRules over its summary).</summary>
    public Dictionary<long, (double Valence, double Arousal)> PointOf { get; } = [];

    /// <summary>The stored run's themes.</summary>
    public IReadOnlyList<Theme> Themes { get; private set; } = [];

    /// <summary>Each track's cluster in the stored run.</summary>
    public Dictionary<long, int> ClusterOf { get; } = [];

    // tempo BPM, RMS, harmonic RMS, percussive RMS, centroid Hz, roll-off Hz, major?, mfcc offset.
    private static readonly (Mood Mood, double Tempo, double Rms, double H, double P, double Centroid, double Rolloff, bool Major, double Mfcc)[] Families =
    [
        (Mood.Happy, 140, 0.15, 0.08, 0.08, 2400, 5000, true, 0),
        (Mood.Angry, 150, 0.20, 0.07, 0.09, 1100, 2200, false, 20),
        (Mood.Anxious, 130, 0.12, 0.06, 0.04, 1000, 1900, false, 40),
        (Mood.Sad, 70, 0.02, 0.05, 0.005, 900, 1800, false, 60),
        (Mood.Calm, 80, 0.03, 0.05, 0.01, 2000, 4200, true, 80),
    ];

    public static double[] Summary(Mood mood, Random rng)
    {
        var f = Families.Single(x => x.Mood == mood);
        double J(double x, double rel) => x * (1 + rel * (2 * rng.NextDouble() - 1));
        var chroma = f.Major ? ThemeFixtures.MajorChroma(0) : ThemeFixtures.MinorChroma(9);
        var s = new FeatureSummary
        {
            MfccMean = Enumerable.Range(0, 20).Select(i => f.Mfcc + i + rng.NextDouble()).ToArray(),
            MfccStd = Enumerable.Range(0, 20).Select(_ => 5 + rng.NextDouble()).ToArray(),
            ChromaMean = chroma.Select(c => c / 6.35 * (0.95 + 0.1 * rng.NextDouble())).ToArray(),
            ChromaStd = Enumerable.Range(0, 12).Select(_ => 0.2 + 0.02 * rng.NextDouble()).ToArray(),
            SpectralCentroidMean = J(f.Centroid, 0.05), SpectralCentroidStd = 200,
            SpectralRolloffMean = J(f.Rolloff, 0.05), SpectralRolloffStd = 400,
            ZcrMean = 0.05, ZcrStd = 0.01,
            RmsMean = J(f.Rms, 0.1), RmsStd = 0.01,
            RmsHarmonicMean = J(f.H, 0.1), RmsPercussiveMean = J(f.P, 0.1),
            TempoBpm = J(f.Tempo, 0.04),
        };
        return s.ToVector();
    }

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        Database = CatalogDatabase.Create("sqlite", Path.Combine(Directory, "catalog.db"));
        await Database.MigrateAsync();
        var store = new TrackStore(Database);
        var rng = new Random(12);
        int n = 0;
        foreach (var family in Families)
            for (int i = 0; i < PerFamily; i++, n++)
            {
                var summary = Summary(family.Mood, rng);
                var track = CatalogStorageTests.MakeTrack($"mood{n:D3}", Path.Combine(Directory, $"{family.Mood}{i}.mp3"), seconds: 4) with
                {
                    Title = $"{family.Mood} {i + 1}", Artist = "Generated", Summary = summary,
                };
                long id = await store.SaveAsync(track);
                FamilyOf[id] = family.Mood;
                var traits = ThemeTraits.FromSummaryVector(summary);
                PointOf[id] = (ThemeRules.Valence(traits), ThemeRules.Arousal(traits));
            }
        var result = CatalogClustering.Cluster(await store.ListSummariesAsync(), k: 5, seed: 42);
        long run = await new ClusterStore(Database).SaveRunAsync(result.Run, result.Assignments, result.Themes);
        Themes = await new ClusterStore(Database).GetThemesAsync(run);
        foreach (var a in result.Assignments) ClusterOf[a.TrackId] = a.ClusterId;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}
