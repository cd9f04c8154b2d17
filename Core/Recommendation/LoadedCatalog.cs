using TuneBot.Core.Storage;
using TuneBot.Core.Themes;
using TuneBot.Core.Similarity;
using CatalogTheme = TuneBot.Core.Storage.Theme;

namespace TuneBot.Core.Recommendation;

/// <summary>
/// One revision of the catalog in memory, shared read-only by every request: the live clustering run with its
/// themes, every track's metadata and cluster, the summary vectors (themes, moods, the map, tracks like
/// another) and the search index over the stored sequences (clips, similar tracks). Loaded by
/// <see cref="CatalogIndex"/>.
/// </summary>
public sealed class LoadedCatalog : IDisposable
{
    internal CatalogVersion Version { get; private init; } = null!;

    /// <summary>The live clusters (run, model, themes).</summary>
    public required LiveClusters Live { get; init; }

    /// <summary>Tracks by id.</summary>
    public required IReadOnlyDictionary<long, CatalogTrack> Tracks { get; init; }

    /// <summary>Cluster of every placed track: the run's assignment, else the model's prediction from its current
    /// summary (tracks ingested after the run are placed as a clip would be).</summary>
    public required IReadOnlyDictionary<long, int> ClusterOf { get; init; }

    /// <summary>Distance of each placed track to its cluster's centroid (standardised space).</summary>
    public required IReadOnlyDictionary<long, double> CentroidDistance { get; init; }

    /// <summary>Current summary vectors in original units (FeatureSummary.ToVector()), for moods and the map.</summary>
    public required IReadOnlyDictionary<long, double[]> Summaries { get; init; }

    /// <summary>Summary vectors standardised with the run's means and scales.</summary>
    public required IReadOnlyDictionary<long, double[]> Standardized { get; init; }

    /// <summary>The run's assignments (for the map).</summary>
    public required IReadOnlyList<ClusterAssignment> Assignments { get; init; }

    /// <summary>The sequences' search index; null when no track has sequences of the current encoding.</summary>
    internal ClipSearchIndex? Search { get; init; }

    /// <summary>The run id.</summary>
    public int RunId => (int)Live.Run.Id;

    /// <summary>The run's themes that have tracks, by cluster id.</summary>
    public IReadOnlyList<CatalogTheme> ThemesWithTracks =>
        Live.Themes.Where(t => ClusterOf.Values.Contains(t.ClusterId)).OrderBy(t => t.ClusterId).ToList();

    /// <summary>Track ids of a cluster, nearest its centroid first.</summary>
    public IReadOnlyList<long> Members(int clusterId) =>
        ClusterOf.Where(p => p.Value == clusterId).Select(p => p.Key)
            .OrderBy(id => CentroidDistance.GetValueOrDefault(id, double.MaxValue)).ThenBy(id => id).ToList();

    /// <summary>Whole tracks compared by their summaries, for "tracks like this" (<see cref="SummarySimilarity"/>).</summary>
    public required SummarySimilarity Likeness { get; init; }

    /// <summary>Other tracks most alike <paramref name="trackId"/> overall, nearest first; empty when it has no current summary.</summary>
    public IReadOnlyList<long> TracksLike(long trackId) => Likeness.Rank(trackId);

    /// <summary>The theme of a cluster, or null.</summary>
    public CatalogTheme? ThemeOf(int clusterId) => Live.ThemeOf(clusterId);

    /// <summary>
    /// A playlist for a felt emotion (<see cref="MoodMapping"/>): each placed track with a current summary lies on the
    /// valence/arousal plane by its own traits, so a mood whose region has no theme of its own still gets the tracks
    /// that lie there rather than the nearest theme's.
    /// </summary>
    public MoodPlaylist MoodPlaylist(string emotion, MoodStrategy strategy, int length, int maxThemes)
    {
        var tracks = Summaries.Where(p => ClusterOf.ContainsKey(p.Key))
            .Select(p => MoodTrack.FromSummary(p.Key, ClusterOf[p.Key], p.Value, CentroidDistance.GetValueOrDefault(p.Key)))
            .ToList();
        return MoodMapping.Playlist(emotion, strategy, ThemesWithTracks, tracks, length, maxThemes);
    }

    /// <summary>Loads one revision; null when the catalog was never clustered.</summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    internal static async Task<LoadedCatalog?> LoadAsync(CatalogDatabase db, CatalogVersion version, RecommenderOptions options, CancellationToken ct)
    {
        var trackStore = new TrackStore(db);
        var clusterStore = new ClusterStore(db);
        var live = await LiveClusters.LoadAsync(clusterStore, ct).ConfigureAwait(false);
        if (live is null) return null;
        var run = live.Run;
        var tracks = (await trackStore.ListAsync(ct).ConfigureAwait(false)).ToDictionary(t => t.Id);
        var assignments = await clusterStore.GetAssignmentsAsync(run.Id, ct).ConfigureAwait(false);
        var summaries = (await trackStore.ListSummariesAsync(ct).ConfigureAwait(false))
            .Where(s => s.Version == run.SummaryVersion && s.Vector.Length == run.Dims && tracks.ContainsKey(s.TrackId))
            .ToDictionary(s => s.TrackId, s => s.Vector);

        // Placement: the run's assignment, else the prediction from the current summary.
        var clusterOf = new Dictionary<long, int>(tracks.Count);
        var distance = new Dictionary<long, double>(tracks.Count);
        foreach (var a in assignments)
            if (tracks.ContainsKey(a.TrackId)) { clusterOf[a.TrackId] = a.ClusterId; distance[a.TrackId] = a.Distance; }
        var standardized = new Dictionary<long, double[]>(summaries.Count);
        foreach (var (id, v) in summaries)
        {
            var z = live.Model.Standardizer.Transform(v);
            standardized[id] = z;
            if (clusterOf.ContainsKey(id)) continue;
            var p = live.Model.PredictStandardized(z);
            clusterOf[id] = p.Cluster;
            distance[id] = p.Distance;
        }

        var search = await ClipSearchIndex.LoadAsync(trackStore, tracks, clusterOf, options, ct).ConfigureAwait(false);
        return new LoadedCatalog
        {
            Version = version, Live = live, Tracks = tracks, ClusterOf = clusterOf, CentroidDistance = distance,
            Summaries = summaries, Standardized = standardized, Assignments = assignments, Search = search,
            Likeness = SummarySimilarity.Build(summaries),
        };
    }

    public void Dispose() => Search?.Dispose();
}
