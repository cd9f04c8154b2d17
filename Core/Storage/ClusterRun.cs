namespace TuneBot.Core.Storage;

/// <summary>
/// One stored clustering of the catalog. Everything needed to place a new clip is here: standardise its summary
/// vector with <see cref="Means"/>/<see cref="Scales"/> (z = (x − mean) / scale), then take the nearest of
/// <see cref="Centroids"/>.
/// </summary>
public sealed class ClusterRun
{
    /// <summary>Assigned by <see cref="ClusterStore.SaveRunAsync"/>; 0 before saving.</summary>
    public long Id { get; init; }
    public required int K { get; init; }
    public required long Seed { get; init; }
    /// <summary>How k was chosen: "stability" (--k auto since issue 12), "elbow" (older runs) or "fixed".</summary>
    public required string KSelection { get; init; }
    public DateTime CreatedAt { get; init; } = DateTime.UtcNow;
    public required int TrackCount { get; init; }
    /// <summary>The summary-vector layout version the run was computed on (<see cref="TrackAnalysisVersions.Summary"/>).</summary>
    public int SummaryVersion { get; init; } = TrackAnalysisVersions.Summary;
    /// <summary>Per-dimension means of the summary vectors (length = dims).</summary>
    public required double[] Means { get; init; }
    /// <summary>Per-dimension scales (standard deviations, 1 where a dimension is constant).</summary>
    public required double[] Scales { get; init; }
    /// <summary>K centroids in standardised space, each of length dims; cluster id = index.</summary>
    public required double[][] Centroids { get; init; }
    /// <summary>Inertia for each k tried (just the chosen k when fixed).</summary>
    public required IReadOnlyList<InertiaPoint> InertiaCurve { get; init; }
    /// <summary>Within-cluster sum of squares of the chosen clustering.</summary>
    public required double Inertia { get; init; }
    /// <summary>Mean silhouette of the chosen clustering; null when undefined (k = 1 or too few tracks).</summary>
    public double? Silhouette { get; init; }

    public int Dims => Means.Length;
}

/// <summary>One point of an elbow curve.</summary>
public sealed record InertiaPoint(int K, double Inertia);

/// <summary>A track's cluster in a run.</summary>
/// <param name="Distance">To the cluster's centroid, in standardised space.</param>
/// <param name="X">Map position (2-D projection), when computed.</param>
public sealed record ClusterAssignment(long TrackId, int ClusterId, double Distance, double? X = null, double? Y = null);

/// <summary>A cluster assignment with its track's metadata, for listings and the map.</summary>
public sealed record ClusterMember(long TrackId, int ClusterId, double Distance, double? X, double? Y,
    string Title, string? Artist, string Path);

/// <summary>A cluster's theme: names, one-line descriptions, emoji and mood estimate.</summary>
/// <param name="Valence">−1 (sad, dark) … 1 (happy, bright).</param>
/// <param name="Arousal">−1 (calm) … 1 (energetic).</param>
/// <param name="RenamedByOperator">Names set by <c>theme rename</c>; kept when a re-clustering finds the same cluster.</param>
public sealed record Theme(int ClusterId, string NameEn, string NameKo, string DescriptionEn, string DescriptionKo,
    string Emoji, double Valence, double Arousal, bool RenamedByOperator = false);
