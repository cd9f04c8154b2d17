using TuneBot.Core.Storage;
using TuneBot.Core.Recommendation;
using TuneBot.Tests.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Core.Recommendation;

/// <summary>The one catalog index against a real database that an ingest changes while the bot runs.</summary>
[Trait("Category", "Integration")]
public sealed class CatalogIndexTests
{
    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Changes_that_keep_the_track_count_are_seen_and_an_unchanged_catalog_is_not_reloaded(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var tracks = new TrackStore(t.Database);
        var clusters = new ClusterStore(t.Database);
        var a = await tracks.SaveAsync(CatalogStorageTests.MakeTrack("h1", "/music/a.ogg", 20));
        var b = await tracks.SaveAsync(CatalogStorageTests.MakeTrack("h2", "/music/b.ogg", 20));
        await clusters.SaveRunAsync(ClusterStoreTests.MakeRun(2, 3), [new(a, 0, 1), new(b, 1, 2)], []);
        using var index = new CatalogIndex(t.Database);

        var (count, first) = await index.GetAsync(default);
        Assert.Equal(2, count);
        Assert.NotNull(first);
        Assert.Same(first, (await index.GetAsync(default)).Catalog);

        // A moved file: same count, new path (a preview cut from the old path would fail).
        await tracks.UpdateFileAsync(b, "/music/moved/b.ogg", 1, 2);
        var moved = (await index.GetAsync(default)).Catalog!;
        Assert.NotSame(first, moved);
        Assert.Equal("/music/moved/b.ogg", moved.Tracks[b].Path);

        // One track pruned and another added by the same ingest: same count again.
        await tracks.DeleteAsync(a);
        var c = await tracks.SaveAsync(CatalogStorageTests.MakeTrack("h3", "/music/c.ogg", 20));
        var swapped = (await index.GetAsync(default)).Catalog!;
        Assert.Equal(new[] { b, c }, swapped.Tracks.Keys.Order());
        Assert.Same(swapped, (await index.GetAsync(default)).Catalog);
    }
}
