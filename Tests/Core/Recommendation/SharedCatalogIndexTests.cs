using TuneBot.Core.Storage;
using TuneBot.Core.Recommendation;
using Xunit;

namespace TuneBot.Tests.Core.Recommendation;

/// <summary>
/// The clip search and the replies drawn from it share one <see cref="CatalogIndex"/>: the search runs on the
/// catalog the reply is drawn from, and a change an ingest makes is seen by the very next clip. Its own catalog:
/// the test moves a file.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SharedCatalogIndexTests(SyntheticCatalog catalog) : IClassFixture<SyntheticCatalog>
{
    private const int Sr = SyntheticCatalog.SampleRate;

    [Fact]
    public async Task A_clip_is_answered_from_the_index_the_reply_reads_and_a_moved_track_is_seen_by_the_next_clip()
    {
        using var index = new CatalogIndex(catalog.Database);
        using var recommender = new Recommender(index);
        var clip = catalog.Audio.Values.First().AsSpan(5 * Sr, 6 * Sr).ToArray();

        var first = await recommender.RecommendAsync(clip, Sr);
        Assert.True(first.HasResults);
        Assert.Same((await index.GetAsync()).Catalog, first.Catalog);
        var top = first.Tracks[0].Track;

        // Same count, same analysis time: only the catalog revision says the file moved.
        var tracks = new TrackStore(catalog.Database);
        await tracks.UpdateFileAsync(top.Id, top.Path + ".moved", 1, 2);
        try
        {
            var again = await recommender.RecommendAsync(clip, Sr);
            Assert.Equal(top.Id, again.Tracks[0].Track.Id);
            Assert.Equal(top.Path + ".moved", again.Tracks[0].Track.Path);
            Assert.NotSame(first.Catalog, again.Catalog);
            Assert.Same(index.Current, again.Catalog);
        }
        finally
        {
            await tracks.UpdateFileAsync(top.Id, top.Path, 1, 2);
        }
    }
}
