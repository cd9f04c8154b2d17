using Dapper;
using TuneBot.Core.Storage;
using TuneBot.Core.Ingestion;
using Xunit;

namespace TuneBot.Tests.Core.Storage;

[Trait("Category", "Integration")]
public class LandmarkIngestTests
{
    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Ingest_stores_landmarks_and_backfills_a_catalog_stored_without_them(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var music = Path.Combine(t.TempDir, "music");
        TestAudio.Melody(Path.Combine(music, "a.flac"), 220, step: 5);
        TestAudio.Melody(Path.Combine(music, "b.ogg"), 330, step: 7);
        var ingestor = new CatalogIngestor(t.Database);
        var store = new LandmarkStore(t.Database);

        var first = await ingestor.RunAsync([music]);
        Assert.Equal(2, first.Count(IngestOutcome.Added));
        Assert.Equal(2, first.LandmarkTracks);
        Assert.Empty(await store.ListMissingAsync());
        var stored = await store.ListCurrentAsync();
        // 8 s of melody: hundreds of landmarks a track.
        Assert.All(stored, s => Assert.InRange(s.Landmarks.Length, 200, 20_000));

        // Nothing changed: nothing recomputed.
        Assert.Equal(0, (await ingestor.RunAsync([music])).LandmarkTracks);

        // A catalog from before the landmark stage (rows gone): the next ingest computes them, the tracks untouched.
        await t.Database.RunAsync(conn => conn.ExecuteAsync("DELETE FROM track_landmarks"));
        var again = await ingestor.RunAsync([music]);
        Assert.Equal(2, again.Count(IngestOutcome.Unchanged));
        Assert.Equal(0, again.AnalysedFiles);
        Assert.Equal(2, again.LandmarkTracks);
        Assert.Equal(stored.Select(s => (s.TrackId, s.Landmarks.Length)), (await store.ListCurrentAsync()).Select(s => (s.TrackId, s.Landmarks.Length)));
    }
}
