using TuneBot.Core.Catalog;
using TuneBot.Core.Catalog.Clustering;
using CatalogTheme = TuneBot.Core.Catalog.Theme;

namespace TuneBot.Core.Recommendation;

/// <summary>
/// An in-memory view of the catalog for the bot's playlists: the live clustering run with its themes, every track's
/// metadata, cluster and standardised summary vector. Built once per
/// (run id, catalog revision) by <see cref="CatalogSnapshotCache"/> and shared read-only by all chats.
/// </summary>
public sealed class CatalogSnapshot
{
    /// <summary>The live clusters (run, model, themes).</summary>
    public required LiveClusters Live { get; init; }

    /// <summary>Tracks by id.</summary>
    public required IReadOnlyDictionary<long, CatalogTrack> Tracks { get; init; }

    /// <summary>Cluster of every track with a current summary (the run's assignment, else the model's prediction for tracks added since).</summary>
    public required IReadOnlyDictionary<long, int> ClusterOf { get; init; }

    /// <summary>Distance of each track to its cluster's centroid (standardised space).</summary>
    public required IReadOnlyDictionary<long, double> CentroidDistance { get; init; }

    /// <summary>Summary vectors in original units (FeatureSummary.ToVector()), for the map's highlight.</summary>
    public required IReadOnlyDictionary<long, double[]> Summaries { get; init; }

    /// <summary>Summary vectors standardised with the run's means and scales.</summary>
    public required IReadOnlyDictionary<long, double[]> Standardized { get; init; }

    /// <summary>The run's assignments (for the map).</summary>
    public required IReadOnlyList<ClusterAssignment> Assignments { get; init; }

    /// <summary>The run id.</summary>
    public int RunId => (int)Live.Run.Id;

    /// <summary>Track ids of a cluster, nearest its centroid first.</summary>
    public IReadOnlyList<long> Members(int clusterId) =>
        ClusterOf.Where(p => p.Value == clusterId).Select(p => p.Key)
            .OrderBy(id => CentroidDistance.GetValueOrDefault(id, double.MaxValue)).ThenBy(id => id).ToList();

    /// <summary>
    /// Other tracks by distance of their standardised summary vectors to <paramref name="trackId"/>'s (the clustering's
    /// space), nearest first; null when the track has no current summary. The similar-track answer when the DTW
    /// sequences cannot be searched (e.g. stored by an older analysis).
    /// </summary>
    public IReadOnlyList<long>? NearestBySummary(long trackId) =>
        Standardized.TryGetValue(trackId, out var z)
            ? Standardized.Where(p => p.Key != trackId).Select(p => (Id: p.Key, D: VectorMath.Distance(z, p.Value)))
                .OrderBy(p => p.D).ThenBy(p => p.Id).Select(p => p.Id).ToList()
            : null;

    /// <summary>The theme of a cluster, or null.</summary>
    public CatalogTheme? ThemeOf(int clusterId) => Live.ThemeOf(clusterId);

    /// <summary>Loads everything from the stores; null when the catalog was never clustered.</summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    public static async Task<CatalogSnapshot?> LoadAsync(TrackStore tracks, ClusterStore clusters, CancellationToken ct)
    {
        var live = await LiveClusters.LoadAsync(clusters, ct).ConfigureAwait(false);
        if (live is null) return null;
        var run = live.Run;
        var all = (await tracks.ListAsync(ct).ConfigureAwait(false)).ToDictionary(t => t.Id);
        var assignments = await clusters.GetAssignmentsAsync(run.Id, ct).ConfigureAwait(false);
        var summaries = (await tracks.ListSummariesAsync(ct).ConfigureAwait(false))
            .Where(s => s.Version == run.SummaryVersion && s.Vector.Length == run.Dims && all.ContainsKey(s.TrackId))
            .ToDictionary(s => s.TrackId, s => s.Vector);

        var standardized = new Dictionary<long, double[]>(summaries.Count);
        var clusterOf = new Dictionary<long, int>(summaries.Count);
        var distance = new Dictionary<long, double>(summaries.Count);
        var assigned = assignments.ToDictionary(a => a.TrackId);
        foreach (var (id, v) in summaries)
        {
            var z = live.Model.Standardizer.Transform(v);
            standardized[id] = z;
            if (assigned.TryGetValue(id, out var a)) { clusterOf[id] = a.ClusterId; distance[id] = a.Distance; }
            else { var p = live.Model.PredictStandardized(z); clusterOf[id] = p.Cluster; distance[id] = p.Distance; }
        }

        return new CatalogSnapshot
        {
            Live = live, Tracks = all, ClusterOf = clusterOf, CentroidDistance = distance, Summaries = summaries,
            Standardized = standardized, Assignments = assignments,
        };
    }
}
