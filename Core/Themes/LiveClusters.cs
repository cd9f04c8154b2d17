using TuneBot.Core.Features;
using TuneBot.Core.Storage;

namespace TuneBot.Core.Themes;

/// <summary>
/// The live (newest) clustering run with what the recommender and the bot need from it: the nearest-centroid
/// model and the themes. Load once per run id and keep; a new <c>cluster</c> creates a new run.
/// </summary>
public sealed class LiveClusters
{
    private readonly Dictionary<int, Theme> _themes;

    public LiveClusters(ClusterRun run, IReadOnlyList<Theme> themes)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(themes);
        Run = run;
        Model = run.ToModel();
        Themes = themes;
        _themes = themes.ToDictionary(t => t.ClusterId);
    }

    /// <summary>The run (id, k, means, scales, centroids, curve, silhouette).</summary>
    public ClusterRun Run { get; }

    /// <summary>Nearest-centroid model in the run's standardised space.</summary>
    public ClusterModel Model { get; }

    /// <summary>One theme per cluster, by cluster id.</summary>
    public IReadOnlyList<Theme> Themes { get; }

    /// <summary>The theme of a cluster, or null for an unknown id.</summary>
    public Theme? ThemeOf(int clusterId) => _themes.GetValueOrDefault(clusterId);

    /// <summary>
    /// Nearest cluster of a clip's summary, with the distance to every centroid (see
    /// <see cref="ClusterPrediction.Candidates"/> for which clusters to search).
    /// </summary>
    /// <exception cref="ArgumentException">The run was computed on another summary layout (re-run <c>cluster</c>).</exception>
    public ClusterPrediction Predict(FeatureSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var v = summary.ToVector();
        if (v.Length != Run.Dims)
            throw new ArgumentException($"Run {Run.Id} has {Run.Dims}-value summaries, the clip {v.Length}: re-run `cluster`.");
        return Model.Predict(v);
    }

    /// <summary>The newest run and its themes, or null when the catalog was never clustered.</summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    public static async Task<LiveClusters?> LoadAsync(ClusterStore store, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var run = await store.GetLatestRunAsync(ct);
        if (run is null) return null;
        return new LiveClusters(run, await store.GetThemesAsync(run.Id, ct));
    }
}
