using TuneBot.Core.Storage;
using TuneBot.Core.Themes;

namespace TuneBot.Core.Map;

/// <summary>The map of the live clustering run, ready for <see cref="CatalogMapRenderer"/>.</summary>
/// <param name="Picture">Points, legend, highlight.</param>
/// <param name="Run">The run drawn.</param>
/// <param name="Highlight">The highlighted clip's or track's predicted cluster with all distances; null without one.</param>
/// <param name="Layout">How the tracks were placed (t-SNE for catalogs up to <see cref="MapLayout.TsneMaxTracks"/>).</param>
/// <param name="HighlightTrackId">The track the marker sits on; null without a highlight.</param>
public sealed record CatalogMapView(MapPicture Picture, ClusterRun Run, ClusterPrediction? Highlight, MapLayoutMethod Layout = MapLayoutMethod.Pca,
    long? HighlightTrackId = null)
{
    /// <summary>The theme the clip is labelled with: the given one (the recommender's answer), else its marked track's.</summary>
    public int? HighlightTheme { get; init; }
}

/// <summary>
/// Builds the catalog map: every track of a run placed by <see cref="MapLayout"/> (t-SNE, PCA for big catalogs) from
/// the run's standardised summary vectors, coloured by theme, the legend naming each theme with its song count in
/// the reader's language (English or Korean; emoji stay out, see <see cref="CatalogMapRenderer"/>), and optionally a
/// marker on one track. t-SNE cannot place a point it was not fitted on, so a clip is marked on its best-matching
/// track: the one given, or else the track nearest to the clip's summary vector.
/// </summary>
public static class CatalogMap
{
    /// <summary>
    /// Builds the view from a run, its themes, its assignments and the tracks' summary vectors (original units;
    /// tracks without a usable vector are left out). <paramref name="highlightSummary"/>: a clip's summary vector
    /// (FeatureSummary.ToVector()), or null; <paramref name="highlightTrackId"/>: the clip's best-matching track (the
    /// marker goes there; without it, to the track nearest to <paramref name="highlightSummary"/>);
    /// <paramref name="highlightLabel"/>: its name on the map (default "Your clip" in <paramref name="language"/>).
    /// <paramref name="language"/>: "ko" for Korean texts, anything else English.
    /// <paramref name="highlightTheme"/>: the clip's theme by the one rule the bot and <c>query</c> use
    /// (<c>RecommendationResult.ThemeClusterId</c>: the theme of its best matches); null: the marked track's theme.
    /// </summary>
    /// <exception cref="ArgumentException">No track of the run has a summary vector of the run's length.</exception>
    public static CatalogMapView Build(ClusterRun run, IReadOnlyList<Theme> themes, IReadOnlyList<ClusterAssignment> assignments,
        IReadOnlyList<TrackSummaryVector> summaries, double[]? highlightSummary = null, string? highlightLabel = null, string language = "en",
        long? highlightTrackId = null, int? highlightTheme = null)
    {
        bool ko = string.Equals(language, "ko", StringComparison.OrdinalIgnoreCase);
        ArgumentNullException.ThrowIfNull(run);
        var model = run.ToModel();
        var vectors = summaries.Where(s => s.Vector.Length == run.Dims).ToDictionary(s => s.TrackId, s => s.Vector);
        var members = assignments.Where(a => vectors.ContainsKey(a.TrackId)).OrderBy(a => a.TrackId).ToList();
        if (members.Count == 0) throw new ArgumentException("None of the run's tracks has a summary vector of the run's layout; re-run `cluster`.");
        var z = members.Select(a => model.Standardizer.Transform(vectors[a.TrackId])).ToList();
        var layout = MapLayout.Place(z);
        var points = members.Select((m, i) => new MapPoint(layout.Positions[i].X, layout.Positions[i].Y, m.ClusterId)).ToList();

        var counts = members.GroupBy(m => m.ClusterId).ToDictionary(g => g.Key, g => g.Count());
        var names = themes.ToDictionary(t => t.ClusterId);
        string ThemeName(int c) => names.TryGetValue(c, out var t) ? (ko ? t.NameKo : t.NameEn) : $"{(ko ? "테마" : "Theme")} {c}";
        string Songs(int n) => ko ? $"{n}곡" : n == 1 ? "1 song" : $"{n} songs";
        var legend = counts.Keys.Order().ToDictionary(c => c, c => $"{ThemeName(c)} · {Songs(counts[c])}");

        ClusterPrediction? prediction = null;
        MapHighlight? highlight = null;
        long? marked = null;
        int? labelled = null;
        int at = highlightTrackId is { } id ? members.FindIndex(m => m.TrackId == id) : -1;
        double[]? zc = highlightSummary is not null ? model.Standardizer.Transform(highlightSummary) : at >= 0 ? z[at] : null;
        if (zc is not null)
        {
            if (at < 0) at = Nearest(z, zc);
            prediction = model.PredictStandardized(zc);
            marked = members[at].TrackId;
            labelled = highlightTheme ?? members[at].ClusterId;
            highlight = new MapHighlight(points[at].X, points[at].Y, $"{highlightLabel ?? (ko ? "내 클립" : "Your clip")} → {ThemeName(labelled.Value)}");
        }

        var picture = new MapPicture
        {
            Points = points,
            Legend = legend,
            Names = counts.Keys.ToDictionary(c => c, ThemeName),
            Highlight = highlight,
            Title = ko ? $"TuneBot 카탈로그: {members.Count}곡, 테마 {run.K}개" : $"TuneBot catalog: {members.Count} tracks, {run.K} themes",
            Caption = ko ? "점 하나가 한 곡 · 비슷하게 들리는 곡끼리 가까이 모여 있어요" : "Each dot is a song · songs that sound alike sit close together",
        };
        return new CatalogMapView(picture, run, prediction, layout.Method, marked) { HighlightTheme = labelled };
    }

    private static int Nearest(IReadOnlyList<double[]> z, double[] target)
    {
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int i = 0; i < z.Count; i++)
        {
            double d = VectorMath.SquaredDistance(z[i], target);
            if (d < bestDistance) { bestDistance = d; best = i; }
        }
        return best;
    }

    /// <summary>
    /// Loads the live run from the stores and builds its map; null when the catalog was never clustered.
    /// </summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    public static async Task<CatalogMapView?> LoadAsync(ClusterStore clusters, TrackStore tracks, double[]? highlightSummary = null,
        string? highlightLabel = null, string language = "en", long? highlightTrackId = null, int? highlightTheme = null,
        CancellationToken ct = default)
    {
        var run = await clusters.GetLatestRunAsync(ct);
        if (run is null) return null;
        var themes = await clusters.GetThemesAsync(run.Id, ct);
        var assignments = await clusters.GetAssignmentsAsync(run.Id, ct);
        var summaries = await tracks.ListSummariesAsync(ct);
        return Build(run, themes, assignments, summaries.Where(s => s.Version == run.SummaryVersion).ToList(), highlightSummary, highlightLabel, language,
            highlightTrackId, highlightTheme);
    }
}
