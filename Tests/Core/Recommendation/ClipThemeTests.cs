using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using TuneBot.Core.Storage;
using TuneBot.Core.Map;
using TuneBot.Core.Themes;
using TuneBot.CatalogTool.Commands;
using TuneBot.Tests.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Core.Recommendation;

/// <summary>
/// Issue 12: one answer to "which theme is this clip". The bot and <c>query</c> named the theme of the clip's
/// best matches, <c>map --highlight</c> (and the bot's map label) the nearest centroid of a summary vector.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ClipThemeTests(SyntheticCatalog catalog) : IClassFixture<SyntheticCatalog>
{
    private static async Task<(int Exit, string Stdout, string Stderr)> Run(Command command, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Query_and_map_highlight_name_the_same_theme_for_a_clip()
    {
        var cs = catalog.Database.ConnectionString;
        foreach (var (path, samples) in catalog.Audio.Take(3))
        {
            var clip = Path.Combine(catalog.Dir, $"theme-clip-{Path.GetFileNameWithoutExtension(path)}.wav");
            SyntheticCatalog.WriteWav(clip, samples.AsSpan(5 * SyntheticCatalog.SampleRate, 6 * SyntheticCatalog.SampleRate).ToArray());
            var (exit, stdout, stderr) = await Run(QueryCommand.Create(), clip, "--top", "5", "--json", "--db", cs);
            Assert.True(exit == 0, stderr);
            int queried = JsonDocument.Parse(stdout).RootElement.GetProperty("cluster").GetProperty("id").GetInt32();

            var png = Path.Combine(catalog.Dir, "theme-map.png");
            (exit, stdout, stderr) = await Run(MapCommand.Create(), "--out", png, "--highlight", clip, "--db", cs);
            Assert.True(exit == 0, stderr);
            var mapped = Regex.Match(stdout, @": theme (\d+) \(its best matches' theme");
            Assert.True(mapped.Success, stdout);
            Assert.Equal(queried, int.Parse(mapped.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void The_map_labels_the_clip_with_the_given_theme_even_where_the_nearest_centroid_differs()
    {
        var run = ClusterStoreTests.MakeRun(2, 3);
        Theme[] themes = [new(0, "Calm", "잔잔한 음악", "", "", "🌿", 0.2, -0.3), new(1, "Upbeat", "신나는 음악", "", "", "🎉", 0.7, 0.5)];
        var assignments = Enumerable.Range(1, 6).Select(i => new ClusterAssignment(i, i % 2, 1.0)).ToList();
        var summaries = Enumerable.Range(1, 6).Select(i => new TrackSummaryVector(i, [i, 0.5 * i + 3 * (i % 2), -i], 1)).ToList();
        var nearest = CatalogMap.Build(run, themes, assignments, summaries, highlightSummary: [1, 2, 3]);
        int other = 1 - nearest.Highlight!.Cluster;
        var given = CatalogMap.Build(run, themes, assignments, summaries, highlightSummary: [1, 2, 3], highlightTheme: other);
        Assert.Equal(other, given.HighlightTheme);
        Assert.EndsWith("→ " + themes[other].NameEn, given.Picture.Highlight!.Label);
        // Without a given theme: the theme of the track the marker sits on, so label and colour agree.
        Assert.Equal(assignments.Single(x => x.TrackId == nearest.HighlightTrackId).ClusterId, nearest.HighlightTheme);
    }
}
