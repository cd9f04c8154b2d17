using TuneBot.Core.Storage;

namespace TuneBot.Core.Recommendation;

/// <summary>
/// The one in-memory catalog behind every answer (clips, themes, moods, similar tracks, the map): loaded once and
/// reloaded when the catalog revision or the live clustering run changes (any track added, re-analysed, moved or
/// removed by an ingest while the bot runs; two cheap queries per request). The clip search and the reply drawn
/// from it therefore always see the same tracks and the same run. Thread-safe; concurrent requests share one reload.
/// </summary>
public sealed class CatalogIndex(CatalogDatabase db, RecommenderOptions? options = null) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile LoadedCatalog? _current;

    /// <summary>The catalog database.</summary>
    public CatalogDatabase Database { get; } = db ?? throw new ArgumentNullException(nameof(db));

    /// <summary>Tuning the search index is built with (normalisation, chroma weight, window length).</summary>
    public RecommenderOptions Options { get; } = options ?? new RecommenderOptions();

    /// <summary>The catalog loaded last, or null before a successful load.</summary>
    public LoadedCatalog? Current => _current;

    /// <summary>The track count, and the catalog (null when there are tracks but no clustering run yet).</summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    public async Task<(long TrackCount, LoadedCatalog? Catalog)> GetAsync(CancellationToken ct = default)
    {
        var version = await CatalogVersion.ReadAsync(Database, ct).ConfigureAwait(false);
        if (version.Tracks == 0 || version.RunId is null) return (version.Tracks, null);
        if (_current is { } c && c.Version == version) return (version.Tracks, c);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_current is { } again && again.Version == version) return (version.Tracks, again);
            // The version read before loading: a change during the load only causes one more reload later.
            var loaded = await LoadedCatalog.LoadAsync(Database, version, Options, ct).ConfigureAwait(false);
            if (loaded is null) return (version.Tracks, null);
            var previous = _current;
            _current = loaded;
            previous?.Dispose();
            return (version.Tracks, loaded);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>All tracks by id: the loaded catalog's when there is one, else read from the database (search and
    /// previews work before any clustering).</summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    public async Task<IReadOnlyDictionary<long, CatalogTrack>> GetTracksAsync(CancellationToken ct = default)
    {
        var (count, catalog) = await GetAsync(ct).ConfigureAwait(false);
        if (catalog is not null) return catalog.Tracks;
        if (count == 0) return new Dictionary<long, CatalogTrack>();
        return (await new TrackStore(Database).ListAsync(ct).ConfigureAwait(false)).ToDictionary(t => t.Id);
    }

    public void Dispose()
    {
        _current?.Dispose();
        _gate.Dispose();
    }
}
