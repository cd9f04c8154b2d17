using System.CommandLine;
using System.Text.Json;
using TuneBot.CatalogTool.Commands;
using TuneBot.Core.Features;
using TuneBot.Core.Recommendation;
using TuneBot.Core.Storage;
using TuneBot.Core.Themes;
using TuneBot.Tests.Core.Storage;
using TuneBot.Tests.Core.Themes;
using Xunit;

namespace TuneBot.Tests.Core.Themes;

/// <summary>The cluster / themes / theme rename / map commands against a real database (both providers).</summary>
[Trait("Category", "Integration")]
public class ClusteringCommandTests
{
    /// <summary>
    /// Summary vectors (FeatureSummary layout, plausible units) for four kinds of music, <paramref name="perGroup"/>
    /// tracks each: slow quiet minor strings, fast loud drum-led bright major, mid-tempo warm, dark electronic.
    /// </summary>
    internal static List<double[]> CatalogVectors(int perGroup, int seed)
    {
        var random = new Random(seed);
        (double Tempo, double Rms, double H, double P, double Centroid, double Rolloff, double[] Chroma, double Mfcc0)[] groups =
        [
            (68, 0.03, 0.03, 0.006, 1100, 2200, ThemeFixtures.MinorChroma(9), -350),
            (150, 0.25, 0.12, 0.11, 3400, 7200, ThemeFixtures.MajorChroma(7), -90),
            (105, 0.09, 0.07, 0.03, 2100, 4300, ThemeFixtures.MajorChroma(2), -200),
            (128, 0.2, 0.08, 0.09, 1500, 3000, ThemeFixtures.MinorChroma(4), -120),
        ];
        var rows = new List<double[]>();
        for (int i = 0; i < perGroup * groups.Length; i++)
        {
            var g = groups[i % groups.Length];
            double J(double x, double rel) => x * (1 + rel * SyntheticBlobs.Gaussian(random));
            var mfccMean = Enumerable.Range(0, 20).Select(c => c == 0 ? J(g.Mfcc0, 0.05) : 40.0 / (c + 1) * (i % groups.Length - 1.5) + SyntheticBlobs.Gaussian(random)).ToArray();
            var summary = new FeatureSummary
            {
                MfccMean = mfccMean,
                MfccStd = Enumerable.Range(0, 20).Select(_ => J(10, 0.1)).ToArray(),
                ChromaMean = g.Chroma.Select(c => J(c / 7, 0.05)).ToArray(),
                ChromaStd = Enumerable.Range(0, 12).Select(_ => J(0.2, 0.1)).ToArray(),
                SpectralCentroidMean = J(g.Centroid, 0.05), SpectralCentroidStd = J(400, 0.1),
                SpectralRolloffMean = J(g.Rolloff, 0.05), SpectralRolloffStd = J(800, 0.1),
                ZcrMean = J(0.05, 0.1), ZcrStd = J(0.02, 0.1),
                RmsMean = J(g.Rms, 0.05), RmsStd = J(g.Rms / 3, 0.1),
                RmsHarmonicMean = J(g.H, 0.05), RmsPercussiveMean = J(g.P, 0.05),
                TempoBpm = J(g.Tempo, 0.03),
            };
            rows.Add(summary.ToVector());
        }
        return rows;
    }

    private static async Task<List<long>> FillAsync(CatalogDatabase db, List<double[]> vectors)
    {
        var store = new TrackStore(db);
        var ids = new List<long>();
        for (int i = 0; i < vectors.Count; i++)
        {
            var t = CatalogStorageTests.MakeTrack($"h{i:D4}", $"/music/track{i:D4}.ogg", seconds: 5);
            ids.Add(await store.SaveAsync(t with { Summary = vectors[i], Title = $"Song {i}" }));
        }
        return ids;
    }

    private static async Task<(int Exit, string Out, string Err)> Run(Command command, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Cluster_stores_a_run_themes_lists_it_and_renames_survive_reclustering(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var cs = t.Database.ConnectionString;
        await FillAsync(t.Database, CatalogVectors(perGroup: 15, seed: 1));

        var (exit, output, error) = await Run(ClusterCommand.Create(), "--db", cs, "--seed", "3", "--restarts", "4");
        Assert.True(exit == 0, error + output);
        Assert.Contains("← chosen", output);
        Assert.Contains("silhouette", output);
        var store = new ClusterStore(t.Database);
        var run = await store.GetLatestRunAsync();
        Assert.NotNull(run);
        // The planted four kinds, one split: --k auto gives at least five themes, one region per mood (issue 12).
        Assert.Equal(CatalogClustering.MinimumAutoK, run.K);
        Assert.Equal("stability", run.KSelection);
        Assert.Contains("mean ARI", output);
        Assert.Equal(new[] { 1 }.Concat(Enumerable.Range(2, 11)), run.InertiaCurve.Select(p => p.K));   // k = 1 anchor, 2 … 60/5
        Assert.Equal(FeatureSummary.Length, run.Dims);
        Assert.InRange(run.Silhouette!.Value, 0.1, 1.0);   // 60 of 75 features are pure noise here
        Assert.Equal(60, (await store.GetAssignmentsAsync(run.Id)).Count);

        // What the recommender and bot load: prediction = stored assignment; every emotion maps to themes.
        var live = await LiveClusters.LoadAsync(store);
        Assert.NotNull(live);
        var stored = await store.GetAssignmentsAsync(run.Id);
        var summaries = (await new TrackStore(t.Database).ListSummariesAsync()).ToDictionary(x => x.TrackId, x => x.Vector);
        foreach (var a in stored.Take(12))
        {
            var prediction = live.Predict(FeatureSummary.FromVector(summaries[a.TrackId]));
            Assert.Equal(a.ClusterId, prediction.Cluster);
            Assert.Equal(a.Distance, prediction.Distance, 6);
        }
        foreach (var emotion in MoodMapping.Emotions)
            foreach (var strategy in new[] { MoodStrategy.Match, MoodStrategy.Lift })
                Assert.NotEmpty(MoodMapping.Map(emotion, strategy, live.Themes));

        (exit, output, error) = await Run(ThemesCommand.Create(), "--db", cs, "--json");
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var themes = json.RootElement.GetProperty("themes").EnumerateArray().ToList();
        Assert.Equal(run.K, themes.Count);
        Assert.Equal(60, themes.Sum(x => x.GetProperty("track_count").GetInt32()));
        Assert.All(themes, x =>
        {
            Assert.Equal(3, x.GetProperty("examples").GetArrayLength());
            Assert.False(string.IsNullOrWhiteSpace(x.GetProperty("name_ko").GetString()));
            Assert.InRange(x.GetProperty("valence").GetDouble(), -1, 1);
        });
        Assert.Equal(run.K, themes.Select(x => x.GetProperty("name_en").GetString()).Distinct().Count());
        var loud = themes.OrderByDescending(x => x.GetProperty("arousal").GetDouble()).First();
        var quiet = themes.OrderBy(x => x.GetProperty("arousal").GetDouble()).First();
        Assert.True(quiet.GetProperty("valence").GetDouble() < loud.GetProperty("valence").GetDouble());

        int quietId = quiet.GetProperty("id").GetInt32();
        (exit, output, error) = await Run(ThemeCommand.Create(), "rename", quietId.ToString(), "--en", "Rainy window", "--ko", "비 오는 창가", "--db", cs);
        Assert.True(exit == 0, error);
        Assert.Contains("Rainy window", output);
        string otherName = themes.First(x => x.GetProperty("id").GetInt32() != quietId).GetProperty("name_en").GetString()!;
        (exit, _, error) = await Run(ThemeCommand.Create(), "rename", quietId.ToString(), "--en", otherName, "--db", cs);
        Assert.Equal(2, exit);
        Assert.Contains("distinct", error);
        (exit, _, error) = await Run(ThemeCommand.Create(), "rename", "17", "--en", "x", "--db", cs);
        Assert.Equal(2, exit);
        Assert.Contains("no theme 17", error);

        // Re-cluster with a few more tracks and another seed: the quiet cluster is the same, its name stays.
        var extra = CatalogVectors(perGroup: 2, seed: 9);
        for (int i = 0; i < extra.Count; i++) await new TrackStore(t.Database).SaveAsync(
            CatalogStorageTests.MakeTrack($"x{i}", $"/music/extra{i}.ogg", seconds: 5) with { Summary = extra[i] });
        var quietTrack = (await store.GetMembersAsync(run.Id)).First(m => m.ClusterId == quietId).TrackId;
        (exit, output, error) = await Run(ClusterCommand.Create(), "--db", cs, "--seed", "11", "--k", run.K.ToString(), "--restarts", "3");
        Assert.True(exit == 0, error);
        var run2 = await store.GetLatestRunAsync();
        Assert.True(run2!.Id > run.Id);
        Assert.Equal("fixed", run2.KSelection);
        int newQuiet = (await store.GetAssignmentsAsync(run2.Id)).Single(a => a.TrackId == quietTrack).ClusterId;
        var renamed = (await store.GetThemesAsync(run2.Id)).Single(x => x.ClusterId == newQuiet);
        Assert.Equal(("Rainy window", "비 오는 창가", true), (renamed.NameEn, renamed.NameKo, renamed.RenamedByOperator));
        Assert.Single(await store.GetThemesAsync(run2.Id), x => x.RenamedByOperator);

        (exit, output, error) = await Run(ClusterCommand.Create(), "--db", cs, "--if-needed");
        Assert.True(exit == 0, error);
        Assert.Contains("nothing to do.", output);
        Assert.Equal(run2.Id, (await store.GetLatestRunAsync())!.Id);

        // Descriptions worded by an older release are rewritten in place; names, renamed or not, are kept.
        var current = await store.GetThemesAsync(run2.Id);
        await store.ReplaceThemesAsync(run2.Id, current.Select(x => x with { DescriptionEn = "Moderate tempo, low energy.", DescriptionKo = "에너지 낮음." }).ToList());
        (exit, output, error) = await Run(ClusterCommand.Create(), "--db", cs, "--if-needed");
        Assert.True(exit == 0, error);
        Assert.Contains($"reword {current.Count} theme description(s)", output);
        Assert.Equal(run2.Id, (await store.GetLatestRunAsync())!.Id);
        Assert.Equal(current, await store.GetThemesAsync(run2.Id));

        var png = Path.Combine(t.TempDir, "map.png");
        (exit, output, error) = await Run(MapCommand.Create(), "--out", png, "--db", cs);
        Assert.True(exit == 0, error);
        Assert.True(new FileInfo(png).Length > 10_000);
        Assert.Contains("68 tracks", output);
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Empty_or_tiny_catalogs_are_explained_with_exit_code_2(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var cs = t.Database.ConnectionString;
        var (exit, output, error) = await Run(ClusterCommand.Create(), "--db", cs);
        Assert.Equal(2, exit);
        Assert.Contains("no analysed tracks", error);
        Assert.Equal("", output);
        (exit, _, error) = await Run(ThemesCommand.Create(), "--db", cs, "--json");
        Assert.Equal(2, exit);
        Assert.Contains("not been clustered", error);
        (exit, _, error) = await Run(MapCommand.Create(), "--db", cs, "--out", Path.Combine(t.TempDir, "m.png"));
        Assert.Equal(2, exit);

        await FillAsync(t.Database, CatalogVectors(perGroup: 1, seed: 2));
        (exit, _, error) = await Run(ClusterCommand.Create(), "--db", cs);
        Assert.Equal(2, exit);
        Assert.Contains("4 analysed track(s)", error);
        Assert.Contains("at least 10", error);
        (exit, _, error) = await Run(ClusterCommand.Create(), "--db", cs, "--k", "9");
        Assert.Equal(2, exit);
        Assert.Contains("2 ≤ k ≤ 4", error);
        (exit, _, error) = await Run(ClusterCommand.Create(), "--db", cs, "--k", "many");
        Assert.Equal(2, exit);
        (exit, _, error) = await Run(ClusterCommand.Create(), "--db", cs, "--k", "2", "--restarts", "2", "--if-needed");
        Assert.True(exit == 0, error);   // no run yet: --if-needed clusters
        Assert.Equal(2, (await new ClusterStore(t.Database).GetLatestRunAsync())?.K);
    }

    [Fact]
    public void Auto_k_never_keeps_a_cluster_too_small_to_play()
    {
        var vectors = CatalogVectors(perGroup: 15, seed: 5);
        // Two far-out tracks: k-means likes to give each its own centroid.
        foreach (var scale in new[] { 6.0, -5.0 })
            vectors.Add(vectors[0].Select((v, j) => j % 3 == 0 ? v * scale : v).ToArray());
        var tracks = vectors.Select((v, i) => new TrackSummaryVector(i + 1, v, TrackAnalysisVersions.Summary)).ToList();
        var result = CatalogClustering.Cluster(tracks, null, seed: 1, options: new() { Restarts = 3 });
        Assert.True(result.Fit.Sizes.Min() >= CatalogClustering.MinimumClusterSize(tracks.Count),
            $"k = {result.Run.K}, sizes {string.Join(",", result.Fit.Sizes)}, knee {result.KneeK}");
        Assert.NotNull(result.KneeK);
        Assert.NotNull(result.Stability);
        // Every k ≥ 5 leaves an outlier alone here: a smaller k whose clusters can all play is taken instead.
        Assert.True(result.Stability.Curve.Any(p => p.K == result.Run.K && p.Eligible) || result.Run.K < CatalogClustering.AutoRange(tracks.Count).Min);
        Assert.Equal(tracks.Count, result.Assignments.Count);
        Assert.Equal(result.Run.K, result.Themes.Count);
    }

    [Fact]
    public async Task An_unreachable_database_is_one_line_and_exit_code_1()
    {
        var (exit, output, error) = await Run(ClusterCommand.Create(), "--db", "Host=127.0.0.1;Port=1;Username=u;Password=p;Database=d;Timeout=3");
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task Map_highlights_a_decoded_clip()
    {
        await using var t = await CatalogTestDatabase.CreateAsync("sqlite");
        var cs = t.Database.ConnectionString;
        await FillAsync(t.Database, CatalogVectors(perGroup: 5, seed: 4));
        Assert.Equal(0, (await Run(ClusterCommand.Create(), "--db", cs, "--k", "4", "--restarts", "2")).Exit);

        // A 3 s two-tone clip through real ffmpeg.
        var wav = Path.Combine(t.TempDir, "clip.wav");
        WriteWav(wav, Enumerable.Range(0, 22050 * 3).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / 22050.0) + 0.2 * Math.Sin(2 * Math.PI * 660 * i / 22050.0))).ToArray());
        var png = Path.Combine(t.TempDir, "map.png");
        var (exit, output, error) = await Run(MapCommand.Create(), "--out", png, "--highlight", wav, "--db", cs);
        Assert.True(exit == 0, error);
        Assert.Contains("nearest centroid", output);
        Assert.Matches(@"clip\.wav: theme \d+ \(its best matches' theme", output);
        Assert.Matches(@"marked on track \d+;", output);
        var keep = Environment.GetEnvironmentVariable("TUNEBOT_KEEP_MAP");
        if (!string.IsNullOrEmpty(keep)) File.Copy(png, keep, overwrite: true);

        (exit, _, error) = await Run(MapCommand.Create(), "--out", png, "--highlight", Path.Combine(t.TempDir, "missing.ogg"), "--db", cs);
        Assert.Equal(2, exit);
        Assert.Single(error.Trim().Split('\n'));
    }

    private static void WriteWav(string path, float[] samples)
    {
        using var w = new BinaryWriter(File.Create(path));
        w.Write("RIFF"u8); w.Write(36 + samples.Length * 2); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(22050); w.Write(22050 * 2); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(samples.Length * 2);
        foreach (var s in samples) w.Write((short)Math.Clamp(s * 32767, -32768, 32767));
    }
}
