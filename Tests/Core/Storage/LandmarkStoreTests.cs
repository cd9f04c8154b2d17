using TuneBot.Core.Storage;
using TuneBot.Core.Similarity.Fingerprints;
using Xunit;

namespace TuneBot.Tests.Core.Storage;

[Trait("Category", "Integration")]
public class LandmarkStoreTests
{
    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Landmarks_round_trip_and_count_only_for_the_audio_they_were_computed_from(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var tracks = new TrackStore(t.Database);
        var store = new LandmarkStore(t.Database);
        long a = await tracks.SaveAsync(CatalogStorageTests.MakeTrack("hash-a", "/m/a.ogg"));
        long b = await tracks.SaveAsync(CatalogStorageTests.MakeTrack("hash-b", "/m/b.ogg", offset: 3));
        Assert.Equal([a, b], (await store.ListMissingAsync()).Select(m => m.TrackId));

        Landmark[] landmarks = [new(0x1FFFFF, 0), new(12345, 32767), new(7, 100)];
        await store.SaveAsync(a, "hash-a", landmarks);
        var current = Assert.Single(await store.ListCurrentAsync());
        Assert.Equal(a, current.TrackId);
        Assert.Equal(landmarks, current.Landmarks);
        Assert.Equal(new TrackNeedingLandmarks(b, "hash-b", "/m/b.ogg"), Assert.Single(await store.ListMissingAsync()));
        Assert.Equal((3L, 15L), await store.SizeAsync());

        // Saving again replaces the row.
        await store.SaveAsync(a, "hash-a", landmarks[..1]);
        Assert.Single(Assert.Single(await store.ListCurrentAsync()).Landmarks);

        // The track re-analysed in place with new audio: its old landmarks no longer count.
        await tracks.SaveAsync(CatalogStorageTests.MakeTrack("hash-a2", "/m/a.ogg"), replaceId: a);
        Assert.Empty(await store.ListCurrentAsync());
        Assert.Equal([a, b], (await store.ListMissingAsync()).Select(m => m.TrackId));

        // A deleted track takes its landmarks with it.
        await store.SaveAsync(b, "hash-b", landmarks);
        Assert.True(await tracks.DeleteAsync(b));
        Assert.Equal((1L, 5L), await store.SizeAsync());
    }
}
