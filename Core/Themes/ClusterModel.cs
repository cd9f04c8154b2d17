namespace TuneBot.Core.Themes;

/// <summary>
/// What predicting the cluster of a new clip needs: the standardisation fitted on the catalog and the centroids in
/// that standardised space. Prediction is nearest-centroid, the same rule k-means assigns with.
/// </summary>
public sealed class ClusterModel
{
    /// <summary>Creates a model from a standardizer and k centroids (each of the standardizer's length).</summary>
    public ClusterModel(Standardizer standardizer, IReadOnlyList<double[]> centroids)
    {
        ArgumentNullException.ThrowIfNull(standardizer);
        ArgumentNullException.ThrowIfNull(centroids);
        if (centroids.Count == 0) throw new ArgumentException("At least one centroid is needed.", nameof(centroids));
        foreach (var c in centroids)
            if (c.Length != standardizer.Dimensions) throw new ArgumentException("Centroid length differs from the standardizer's.", nameof(centroids));
        Standardizer = standardizer;
        Centroids = centroids.ToArray();
    }

    /// <summary>Means and scales of the catalog's summary vectors.</summary>
    public Standardizer Standardizer { get; }

    /// <summary>Centroids in standardised units, index = cluster id.</summary>
    public IReadOnlyList<double[]> Centroids { get; }

    /// <summary>Number of clusters.</summary>
    public int K => Centroids.Count;

    /// <summary>Centroid of <paramref name="cluster"/> in original summary units (for theme rules).</summary>
    public double[] CentroidInOriginalUnits(int cluster) => Standardizer.InverseTransform(Centroids[cluster]);

    /// <summary>
    /// Predicts the cluster of a summary vector in ORIGINAL units (FeatureSummary.ToVector() order): standardises
    /// it with the catalog's means and scales, then measures the Euclidean distance to every centroid.
    /// </summary>
    public ClusterPrediction Predict(ReadOnlySpan<double> summaryVector) => PredictStandardized(Standardizer.Transform(summaryVector));

    /// <summary>As <see cref="Predict"/>, for a vector already standardised.</summary>
    public ClusterPrediction PredictStandardized(ReadOnlySpan<double> standardized)
    {
        var distances = new double[K];
        for (int c = 0; c < K; c++) distances[c] = VectorMath.Distance(standardized, Centroids[c]);
        return new ClusterPrediction(distances);
    }
}

/// <summary>Nearest-centroid prediction with the distance to every centroid.</summary>
public sealed class ClusterPrediction
{
    /// <summary>Creates a prediction from the distances to each centroid (index = cluster id).</summary>
    public ClusterPrediction(double[] distances)
    {
        ArgumentNullException.ThrowIfNull(distances);
        if (distances.Length == 0) throw new ArgumentException("No distances.", nameof(distances));
        Distances = distances;
        Ranking = Enumerable.Range(0, distances.Length).OrderBy(c => distances[c]).ThenBy(c => c).ToArray();
    }

    /// <summary>The nearest cluster.</summary>
    public int Cluster => Ranking[0];

    /// <summary>Distance to the nearest centroid (standardised units).</summary>
    public double Distance => Distances[Ranking[0]];

    /// <summary>Euclidean distance to each centroid in standardised units, index = cluster id.</summary>
    public IReadOnlyList<double> Distances { get; }

    /// <summary>Cluster ids from nearest to farthest (ties by id).</summary>
    public IReadOnlyList<int> Ranking { get; }

    /// <summary>
    /// Second-nearest distance / nearest distance (≥ 1; +∞ with a single cluster, or when the clip sits exactly on
    /// a centroid). Close to 1 means the clip lies near a border and the second cluster deserves a probe.
    /// </summary>
    public double Margin => Ranking.Count < 2 ? double.PositiveInfinity
        : Distance == 0 ? (Distances[Ranking[1]] == 0 ? 1 : double.PositiveInfinity)
        : Distances[Ranking[1]] / Distance;

    /// <summary>
    /// Clusters worth searching, nearest first: the nearest, plus every other cluster whose distance is at most
    /// <paramref name="ratio"/> × the nearest distance, at most <paramref name="max"/> in all. A phone clip's
    /// nearest cluster is right only about half the time (docs/retrieval.md), so the
    /// recommender should probe these rather than the single nearest.
    /// </summary>
    public IReadOnlyList<int> Candidates(double ratio = 1.25, int max = 3)
    {
        var result = new List<int> { Ranking[0] };
        for (int i = 1; i < Ranking.Count && result.Count < max; i++)
            if (Distances[Ranking[i]] <= ratio * Distance) result.Add(Ranking[i]);
            else break;
        return result;
    }
}
