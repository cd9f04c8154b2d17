using System.Globalization;

namespace TuneBot.Core.Catalog.Clustering;

/// <summary>The map of the live clustering run, ready for <see cref="CatalogMapRenderer"/>.</summary>
/// <param name="Picture">Points, legend, highlight.</param>
/// <param name="Run">The run drawn.</param>
/// <param name="Highlight">Where the highlighted clip fell: its predicted cluster with all distances; null without one.</param>
public sealed record CatalogMapView(MapPicture Picture, ClusterRun Run, ClusterPrediction? Highlight)
{
    /// <summary>The theme the clip is labelled with: the given one (the recommender's answer), else the nearest centroid's.</summary>
    public int? HighlightTheme { get; init; }
}

/// <summary>
/// Builds the catalog map: every track of a run placed by a 2-D PCA of the run's standardised summary vectors
/// (see <see cref="Pca"/> for why PCA), coloured by cluster, the legend naming each theme with its track count in
/// the reader's language (English or Korean: setup installs a Hangul font, fonts-nanum, that gnuplot's cairo
/// terminal falls back to; emoji stay out, see <see cref="CatalogMapRenderer"/>), and optionally a new clip
/// projected into the same picture.
/// </summary>
public static class CatalogMap
{
    /// <summary>
    /// Builds the view from a run, its themes, its assignments and the tracks' summary vectors (original units;
    /// tracks without a usable vector are left out). <paramref name="highlightSummary"/>: a clip's summary vector
    /// (FeatureSummary.ToVector()), or null; <paramref name="highlightLabel"/>: its name on the map (default "Your
    /// clip" in <paramref name="language"/>). <paramref name="language"/>: "ko" for Korean texts, anything else English.
    /// <paramref name="highlightTheme"/>: the clip's theme by the one rule the bot and <c>query</c> use
    /// (<c>RecommendationResult.ThemeClusterId</c>: the theme of its best matches); null falls back to the nearest
    /// centroid of <paramref name="highlightSummary"/>, which can disagree with it (issue 12).
    /// </summary>
    /// <exception cref="ArgumentException">No track of the run has a summary vector of the run's length.</exception>
    public static CatalogMapView Build(ClusterRun run, IReadOnlyList<Theme> themes, IReadOnlyList<ClusterAssignment> assignments,
        IReadOnlyList<TrackSummaryVector> summaries, double[]? highlightSummary = null, string? highlightLabel = null, string language = "en",
        int? highlightTheme = null)
    {
        bool ko = string.Equals(language, "ko", StringComparison.OrdinalIgnoreCase);
        ArgumentNullException.ThrowIfNull(run);
        var model = run.ToModel();
        var vectors = summaries.Where(s => s.Vector.Length == run.Dims).ToDictionary(s => s.TrackId, s => s.Vector);
        var members = assignments.Where(a => vectors.ContainsKey(a.TrackId)).ToList();
        if (members.Count == 0) throw new ArgumentException("None of the run's tracks has a summary vector of the run's layout; re-run `cluster`.");
        var z = members.Select(a => model.Standardizer.Transform(vectors[a.TrackId])).ToList();
        var pca = Pca.Fit(z, Math.Min(2, run.Dims));
        var points = new List<MapPoint>(members.Count);
        for (int i = 0; i < members.Count; i++)
        {
            var xy = pca.Project(z[i]);
            points.Add(new MapPoint(xy[0], xy.Length > 1 ? xy[1] : 0, members[i].ClusterId));
        }

        var counts = members.GroupBy(m => m.ClusterId).ToDictionary(g => g.Key, g => g.Count());
        var names = themes.ToDictionary(t => t.ClusterId);
        var legend = new Dictionary<int, string>();
        foreach (var c in counts.Keys.Order())
            legend[c] = names.TryGetValue(c, out var t) ? $"{c} {(ko ? t.NameKo : t.NameEn)} · {counts[c]}" : $"{c} {(ko ? "클러스터" : "Cluster")} · {counts[c]}";

        ClusterPrediction? prediction = null;
        MapHighlight? highlight = null;
        if (highlightSummary is not null)
        {
            var zc = model.Standardizer.Transform(highlightSummary);
            prediction = model.PredictStandardized(zc);
            var xy = pca.Project(zc);
            int labelled = highlightTheme ?? prediction.Cluster;
            string theme = names.TryGetValue(labelled, out var t) ? (ko ? t.NameKo : t.NameEn)
                : $"{(ko ? "클러스터" : "cluster")} {labelled}";
            highlight = new MapHighlight(xy[0], xy.Length > 1 ? xy[1] : 0, $"{highlightLabel ?? (ko ? "내 클립" : "Your clip")} → {theme}");
        }

        static string Share(double r) => (100 * r).ToString("F0", CultureInfo.InvariantCulture) + "%";
        var picture = new MapPicture
        {
            Points = points,
            Legend = legend,
            Highlight = highlight,
            Title = ko ? $"TuneBot 카탈로그: {members.Count}곡, 테마 {run.K}개" : $"TuneBot catalog: {members.Count} tracks, {run.K} themes",
            XLabel = ko ? $"PCA 축 1 (분산의 {Share(pca.ExplainedVarianceRatio[0])})" : $"PCA axis 1 ({Share(pca.ExplainedVarianceRatio[0])} of variance)",
            YLabel = pca.ExplainedVarianceRatio.Length > 1 ? $"{(ko ? "PCA 축 2" : "PCA axis 2")} ({Share(pca.ExplainedVarianceRatio[1])})" : "",
        };
        return new CatalogMapView(picture, run, prediction) { HighlightTheme = highlightSummary is null ? null : highlightTheme ?? prediction?.Cluster };
    }

    /// <summary>
    /// Loads the live run from the stores and builds its map; null when the catalog was never clustered.
    /// </summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    public static async Task<CatalogMapView?> LoadAsync(ClusterStore clusters, TrackStore tracks, double[]? highlightSummary = null,
        string? highlightLabel = null, string language = "en", CancellationToken ct = default, int? highlightTheme = null)
    {
        var run = await clusters.GetLatestRunAsync(ct);
        if (run is null) return null;
        var themes = await clusters.GetThemesAsync(run.Id, ct);
        var assignments = await clusters.GetAssignmentsAsync(run.Id, ct);
        var summaries = await tracks.ListSummariesAsync(ct);
        return Build(run, themes, assignments, summaries.Where(s => s.Version == run.SummaryVersion).ToList(), highlightSummary, highlightLabel, language, highlightTheme);
    }
}
