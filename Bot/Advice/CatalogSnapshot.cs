using TuneBot.Core.Catalog;
using TuneBot.Core.Catalog.Clustering;
using CatalogTheme = TuneBot.Core.Catalog.Theme;

namespace TuneBot.Bot.Advice;

/// <summary>A stored window of a catalog track, its vector standardised with <see cref="CatalogSnapshot.WindowMeans"/>/<see cref="CatalogSnapshot.WindowScales"/>.</summary>
public sealed record SnapshotWindow(long TrackId, double StartSeconds, float[] Standardized);

/// <summary>
/// An in-memory view of the catalog for the advisor: the live clustering run with its themes, every track's
/// metadata, cluster and standardised summary vector, and the stored window summaries. Built once per
/// (run id, track count) by <see cref="CatalogSnapshotCache"/> and shared read-only by all chats.
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

    /// <summary>Stored windows of the current window layout, standardised per dimension over the catalog.</summary>
    public required IReadOnlyList<SnapshotWindow> Windows { get; init; }

    /// <summary>Per-dimension mean of the catalog's windows.</summary>
    public required float[] WindowMeans { get; init; }

    /// <summary>Per-dimension population standard deviation of the catalog's windows (1 where it is 0).</summary>
    public required float[] WindowScales { get; init; }

    /// <summary>The run id.</summary>
    public int RunId => (int)Live.Run.Id;

    /// <summary>Track ids of a cluster, nearest its centroid first.</summary>
    public IReadOnlyList<long> Members(int clusterId) =>
        ClusterOf.Where(p => p.Value == clusterId).Select(p => p.Key)
            .OrderBy(id => CentroidDistance.GetValueOrDefault(id, double.MaxValue)).ThenBy(id => id).ToList();

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

        var stored = (await tracks.ListWindowsAsync(WindowSummary.Version, ct).ConfigureAwait(false))
            .Where(w => w.Vector.Length == WindowSummary.Dims && all.ContainsKey(w.TrackId)).ToList();
        var (means, scales) = MomentsOf(stored);
        var windows = stored.Select(w => new SnapshotWindow(w.TrackId, w.StartSeconds, Standardize(w.Vector, means, scales))).ToList();

        return new CatalogSnapshot
        {
            Live = live, Tracks = all, ClusterOf = clusterOf, CentroidDistance = distance, Summaries = summaries,
            Standardized = standardized, Assignments = assignments, Windows = windows, WindowMeans = means, WindowScales = scales,
        };
    }

    /// <summary>A window vector standardised like the catalog's.</summary>
    public float[] StandardizeWindow(float[] vector) => Standardize(vector, WindowMeans, WindowScales);

    private static float[] Standardize(float[] v, float[] means, float[] scales)
    {
        var z = new float[v.Length];
        for (int i = 0; i < v.Length; i++) z[i] = (v[i] - means[i]) / scales[i];
        return z;
    }

    private static (float[] Means, float[] Scales) MomentsOf(IReadOnlyList<StoredWindow> windows)
    {
        int d = WindowSummary.Dims;
        var sum = new double[d];
        var sq = new double[d];
        foreach (var w in windows)
            for (int i = 0; i < d; i++) { sum[i] += w.Vector[i]; sq[i] += (double)w.Vector[i] * w.Vector[i]; }
        var means = new float[d];
        var scales = new float[d];
        int n = Math.Max(1, windows.Count);
        for (int i = 0; i < d; i++)
        {
            double m = sum[i] / n, var = Math.Max(0, sq[i] / n - m * m);
            means[i] = (float)m;
            // Same rule as the clustering's Standardizer: a constant dimension is centred, not scaled.
            scales[i] = var > 1e-12 ? (float)Math.Sqrt(var) : 1f;
        }
        return (means, scales);
    }
}
