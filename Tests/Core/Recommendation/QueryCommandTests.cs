using System.CommandLine;
using System.Text.Json;
using TuneBot.CatalogTool.Commands;
using Xunit;

namespace TuneBot.Tests.Core.Recommendation;

[Trait("Category", "Integration")]
public class QueryCommandTests(SyntheticCatalog catalog) : IClassFixture<SyntheticCatalog>
{
    private static async Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args)
    {
        var root = new RootCommand { QueryCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Json_output_has_exactly_the_contract_fields()
    {
        var (path, samples) = catalog.Audio.ElementAt(3) is var kv ? (kv.Key, kv.Value) : default;
        var clip = Path.Combine(catalog.Dir, "cli-clip.wav");
        SyntheticCatalog.WriteWav(clip, samples.AsSpan(4 * SyntheticCatalog.SampleRate, 6 * SyntheticCatalog.SampleRate).ToArray());
        var (exit, stdout, stderr) = await Run("query", clip, "--top", "3", "--json", "--db", catalog.Database.ConnectionString);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        // The contract's fields first and unchanged; identified_by and landmarks were added after them.
        Assert.Equal(["cluster", "probed_clusters", "results", "elapsed_ms", "found", "identified_by", "landmarks"], root.EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("found").GetBoolean());
        Assert.Equal("landmarks", root.GetProperty("identified_by").GetString());
        Assert.Equal(["track_id", "aligned", "runner_up_aligned", "query_landmarks", "offset_s", "confident", "corroborated"],
            root.GetProperty("landmarks").EnumerateObject().Select(p => p.Name));
        Assert.False(root.GetProperty("landmarks").GetProperty("corroborated").GetBoolean());   // confident on its own
        Assert.InRange(root.GetProperty("landmarks").GetProperty("offset_s").GetDouble(), 3.9, 4.1);
        Assert.Equal(["id", "name_en", "name_ko", "emoji"], root.GetProperty("cluster").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["decode", "features", "search"], root.GetProperty("elapsed_ms").EnumerateObject().Select(p => p.Name));
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(3, results.Count);
        Assert.Equal(["track_id", "title", "artist", "path", "distance", "match_start_s", "match_end_s", "cluster_id"],
            results[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(path, results[0].GetProperty("path").GetString());
        Assert.InRange(results[0].GetProperty("match_start_s").GetDouble(), 3.5, 4.5);
    }

    [Fact]
    public async Task Unusable_clips_exit_2_with_one_line()
    {
        var clip = Path.Combine(catalog.Dir, "cli-short.wav");
        SyntheticCatalog.WriteWav(clip, catalog.Audio.Values.First()[..SyntheticCatalog.SampleRate]);
        var (exit, stdout, stderr) = await Run("query", clip, "--json", "--db", catalog.Database.ConnectionString);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{clip}: ", Assert.Single(stderr.Trim().Split('\n')));
    }

    [Fact]
    public async Task A_clip_of_no_catalog_song_is_not_found_and_the_note_names_the_file()
    {
        var clip = Path.Combine(catalog.Dir, "cli-noise.wav");
        var noise = new float[8 * SyntheticCatalog.SampleRate];
        var random = new Random(11);
        for (int i = 0; i < noise.Length; i++) noise[i] = (float)(random.NextDouble() - 0.5) * 0.6f;
        SyntheticCatalog.WriteWav(clip, noise);
        var (exit, stdout, stderr) = await Run("query", clip, "--json", "--db", catalog.Database.ConnectionString);
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.False(doc.RootElement.GetProperty("found").GetBoolean());
        Assert.StartsWith($"{clip}: ", stderr);
    }
}
