using TuneBot.Core.Catalog;

namespace TuneBot.Core.Recommendation;

/// <summary>
/// Keeps the current <see cref="CatalogSnapshot"/> and rebuilds it when a new clustering run appears or the catalog
/// revision changes (any track added, re-analysed, moved or removed by an ingest while the bot runs; two cheap
/// queries per request). Thread-safe; concurrent requests share one rebuild.
/// </summary>
public sealed class CatalogSnapshotCache(TrackStore tracks, ClusterStore clusters)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Entry? _current;

    private sealed record Entry(long RunId, long Revision, CatalogSnapshot Snapshot);

    /// <summary>The track count, and the snapshot (null when there are tracks but no clustering run yet).</summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    public async Task<(long TrackCount, CatalogSnapshot? Snapshot)> GetAsync(CancellationToken ct)
    {
        var (count, revision) = await tracks.GetRevisionAsync(ct).ConfigureAwait(false);
        if (count == 0) return (0, null);
        var run = await clusters.GetLatestRunAsync(ct).ConfigureAwait(false);
        if (run is null) return (count, null);
        if (_current is { } c && c.RunId == run.Id && c.Revision == revision) return (count, c.Snapshot);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_current is { } again && again.RunId == run.Id && again.Revision == revision) return (count, again.Snapshot);
            var snapshot = await CatalogSnapshot.LoadAsync(tracks, clusters, ct).ConfigureAwait(false);
            if (snapshot is null) return (count, null);
            // The revision read before loading: a change during the load only causes one more rebuild later.
            _current = new Entry(snapshot.Live.Run.Id, revision, snapshot);
            return (count, snapshot);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>All tracks by id: the snapshot's when there is one, else read from the database.</summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    public async Task<IReadOnlyDictionary<long, CatalogTrack>> GetTracksAsync(CancellationToken ct)
    {
        var (count, snapshot) = await GetAsync(ct).ConfigureAwait(false);
        if (snapshot is not null) return snapshot.Tracks;
        if (count == 0) return new Dictionary<long, CatalogTrack>();
        return (await tracks.ListAsync(ct).ConfigureAwait(false)).ToDictionary(t => t.Id);
    }
}
