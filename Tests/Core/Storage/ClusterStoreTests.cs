using TuneBot.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Core.Storage;

[Trait("Category", "Integration")]
public class ClusterStoreTests
{
    internal static ClusterRun MakeRun(int k, int dims, long seed = 7) => new()
    {
        K = k, Seed = seed, KSelection = "elbow", TrackCount = 10,
        Means = Enumerable.Range(0, dims).Select(i => i + 0.25).ToArray(),
        Scales = Enumerable.Range(0, dims).Select(i => 1.0 + i).ToArray(),
        Centroids = Enumerable.Range(0, k).Select(c => Enumerable.Range(0, dims).Select(i => c * 10.0 - i / 3.0).ToArray()).ToArray(),
        InertiaCurve = Enumerable.Range(2, 4).Select(kk => new InertiaPoint(kk, 100.0 / kk)).ToList(),
        Inertia = 100.0 / k, Silhouette = 0.31,
    };

    private static Theme MakeTheme(int c) =>
        new(c, $"Theme {c}", $"테마 {c}", $"Description {c}", $"설명 {c}", "🎻", -0.5 + c * 0.1, 0.2 * c);

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Runs_are_versioned_and_the_newest_is_live(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var tracks = new TrackStore(t.Database);
        var a = await tracks.SaveAsync(CatalogStorageTests.MakeTrack("a", "/a.ogg"));
        var b = await tracks.SaveAsync(CatalogStorageTests.MakeTrack("b", "/b.ogg"));
        var store = new ClusterStore(t.Database);
        Assert.Null(await store.GetLatestRunAsync());

        var run1 = MakeRun(2, 5);
        var id1 = await store.SaveRunAsync(run1, [new(a, 0, 0.5), new(b, 1, 1.5)], [MakeTheme(0), MakeTheme(1)]);
        var id2 = await store.SaveRunAsync(MakeRun(3, 5, seed: 8), [new(a, 2, 0.1), new(b, 2, 0.2)], [MakeTheme(0), MakeTheme(1), MakeTheme(2)]);
        Assert.True(id2 > id1);

        var live = await store.GetLatestRunAsync();
        Assert.NotNull(live);
        Assert.Equal((id2, 3, 8L), (live.Id, live.K, live.Seed));
        var old = await store.GetRunAsync(id1);
        Assert.NotNull(old);
        Assert.Equal(run1.Means, old.Means);
        Assert.Equal(run1.Scales, old.Scales);
        Assert.Equal(run1.Centroids, old.Centroids);
        Assert.Equal(run1.InertiaCurve, old.InertiaCurve);
        Assert.Equal((0.31, "elbow", 10, 5), (old.Silhouette, old.KSelection, old.TrackCount, old.Dims));
        Assert.Equal(DateTimeKind.Utc, old.CreatedAt.Kind);
        Assert.InRange((DateTime.UtcNow - old.CreatedAt).TotalMinutes, -1, 5);
        Assert.Equal(new[] { id2, id1 }, (await store.ListRunsAsync()).Select(r => r.Id));

        Assert.Equal(new[] { 0, 1 }, (await store.GetAssignmentsAsync(id1)).Select(x => x.ClusterId));
        var members = await store.GetMembersAsync(id2);
        Assert.Equal(new[] { "Title a", "Title b" }, members.Select(m => m.Title));   // ordered by distance
        Assert.Equal(2, await store.UpdateMapPositionsAsync(id2, [(a, 1.5, -2), (b, 3, 4)]));
        Assert.Equal((1.5, -2.0), ((double, double))((await store.GetAssignmentsAsync(id2))[0].X!.Value, (await store.GetAssignmentsAsync(id2))[0].Y!.Value));

        Assert.Equal(MakeTheme(1), (await store.GetThemesAsync(id1))[1]);
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task An_operator_rename_is_marked_and_themes_can_be_replaced(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var store = new ClusterStore(t.Database);
        var id = await store.SaveRunAsync(MakeRun(2, 3), [], [MakeTheme(0), MakeTheme(1)]);

        Assert.True(await store.RenameThemeAsync(id, 1, "Night drive", null));
        Assert.False(await store.RenameThemeAsync(id, 5, "x", "y"));
        var themes = await store.GetThemesAsync(id);
        Assert.Equal(("Night drive", "테마 1", true), (themes[1].NameEn, themes[1].NameKo, themes[1].RenamedByOperator));
        Assert.False(themes[0].RenamedByOperator);

        await store.ReplaceThemesAsync(id, [MakeTheme(0) with { Emoji = "🔥" }]);
        Assert.Equal("🔥", Assert.Single(await store.GetThemesAsync(id)).Emoji);
    }

    [Fact]
    public async Task A_run_with_inconsistent_shapes_is_refused()
    {
        await using var t = await CatalogTestDatabase.CreateAsync("sqlite");
        var store = new ClusterStore(t.Database);
        var bad = MakeRun(2, 3);
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveRunAsync(
            new ClusterRun { K = 3, Seed = 1, KSelection = "fixed", TrackCount = 1, Means = bad.Means, Scales = bad.Scales,
                             Centroids = bad.Centroids, InertiaCurve = [], Inertia = 1 }, [], []));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveRunAsync(bad, [new(1, 2, 0)], []));
    }
}
