using TuneBot.Core.Storage;

namespace TuneBot.Core.Themes;

/// <summary>Turns a stored run into the nearest-centroid model the recommender predicts with.</summary>
public static class ClusterRunModel
{
    /// <summary>The run's standardisation and centroids as a <see cref="ClusterModel"/>.</summary>
    public static ClusterModel ToModel(this ClusterRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new ClusterModel(new Standardizer(run.Means, run.Scales), run.Centroids);
    }
}
