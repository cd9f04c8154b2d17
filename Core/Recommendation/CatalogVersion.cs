using TuneBot.Core.Storage;

namespace TuneBot.Core.Recommendation;

/// <summary>What identifies a loaded catalog: the track count, the catalog revision (raised by every insert, update
/// or delete of a track) and the live cluster run.</summary>
internal sealed record CatalogVersion(long Tracks, long Revision, long? RunId)
{
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    public static async Task<CatalogVersion> ReadAsync(CatalogDatabase db, CancellationToken ct)
    {
        var (tracks, revision) = await new TrackStore(db).GetRevisionAsync(ct).ConfigureAwait(false);
        var run = tracks == 0 ? null : await new ClusterStore(db).GetLatestRunAsync(ct).ConfigureAwait(false);
        return new CatalogVersion(tracks, revision, run?.Id);
    }
}
