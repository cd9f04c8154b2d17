using System.CommandLine;
using TuneBot.CatalogTool.Commands;
using TuneBot.Core.Storage;
using TuneBot.Tests.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Core.Themes;

/// <summary>
/// Issue 12: <c>cluster --if-needed</c> notices pruned tracks. A pruned track's assignment goes with it (ON DELETE
/// CASCADE), so before the fix the remaining assignments equalled the catalog and it said "nothing to do".
/// </summary>
public sealed class ClusterIfNeededTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(Command command, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Pruned_tracks_make_if_needed_recluster()
    {
        await using var t = await CatalogTestDatabase.CreateAsync("sqlite");
        var cs = t.Database.ConnectionString;
        var store = new TrackStore(t.Database);
        var vectors = ClusteringCommandTests.CatalogVectors(perGroup: 6, seed: 4);
        var ids = new List<long>();
        for (int i = 0; i < vectors.Count; i++)
            ids.Add(await store.SaveAsync(CatalogStorageTests.MakeTrack($"p{i:D3}", $"/music/p{i:D3}.ogg", seconds: 5) with { Summary = vectors[i] }));
        var (exit, _, error) = await Run(ClusterCommand.Create(), "--db", cs, "--k", "4", "--restarts", "2");
        Assert.True(exit == 0, error);
        var clusters = new ClusterStore(t.Database);
        long first = (await clusters.GetLatestRunAsync())!.Id;

        (exit, var output, error) = await Run(ClusterCommand.Create(), "--db", cs, "--if-needed");
        Assert.True(exit == 0, error);
        Assert.Contains("nothing to do", output);

        // What `ingest --prune` does to three tracks whose files are gone.
        foreach (var id in ids.Take(3)) Assert.True(await store.DeleteAsync(id));
        (exit, output, error) = await Run(ClusterCommand.Create(), "--db", cs, "--if-needed");
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("nothing to do", output);
        var latest = (await clusters.GetLatestRunAsync())!;
        Assert.True(latest.Id > first);
        Assert.Equal(vectors.Count - 3, latest.TrackCount);
    }

    [Fact]
    public async Task If_needed_renames_an_automatic_name_this_release_would_not_give_and_keeps_operator_names()
    {
        await using var t = await CatalogTestDatabase.CreateAsync("sqlite");
        var cs = t.Database.ConnectionString;
        var store = new TrackStore(t.Database);
        var vectors = ClusteringCommandTests.CatalogVectors(perGroup: 6, seed: 4);
        for (int i = 0; i < vectors.Count; i++)
            await store.SaveAsync(CatalogStorageTests.MakeTrack($"r{i:D3}", $"/music/r{i:D3}.ogg", seconds: 5) with { Summary = vectors[i] });
        Assert.Equal(0, (await Run(ClusterCommand.Create(), "--db", cs, "--k", "4", "--restarts", "2")).Exit);
        var clusters = new ClusterStore(t.Database);
        var run = (await clusters.GetLatestRunAsync())!;
        var fresh = await clusters.GetThemesAsync(run.Id);
        // As an older release stored them: the quietest theme called "Upbeat", another renamed by the operator.
        var quiet = fresh.OrderBy(x => x.Arousal).First();
        var named = fresh.First(x => x.ClusterId != quiet.ClusterId);
        await clusters.ReplaceThemesAsync(run.Id, fresh.Select(x =>
            x.ClusterId == quiet.ClusterId ? x with { NameEn = "Upbeat", NameKo = "신나는 음악", Emoji = "🎉" }
            : x.ClusterId == named.ClusterId ? x with { NameEn = "Rainy window", NameKo = "비 오는 창가", RenamedByOperator = true } : x).ToList());

        var (exit, output, error) = await Run(ClusterCommand.Create(), "--db", cs, "--if-needed");
        Assert.True(exit == 0, error);
        Assert.Contains("nothing to do", output);
        var after = (await clusters.GetThemesAsync(run.Id)).ToDictionary(x => x.ClusterId);
        Assert.Equal(quiet.NameEn, after[quiet.ClusterId].NameEn);
        Assert.Equal(quiet.Emoji, after[quiet.ClusterId].Emoji);
        Assert.Equal("Rainy window", after[named.ClusterId].NameEn);
        Assert.Equal(after.Count, after.Values.Select(x => x.NameEn).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
