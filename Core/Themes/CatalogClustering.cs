using TuneBot.Core.Storage;
using TuneBot.Core.Themes;

namespace TuneBot.Core.Themes;

/// <summary>A clustering of the catalog, ready to store with <see cref="ClusterStore.SaveRunAsync"/>.</summary>
public sealed class CatalogClusteringResult
{
    internal CatalogClusteringResult(ClusterRun run, IReadOnlyList<ClusterAssignment> assignments, IReadOnlyList<Theme> themes,
        ClusterModel model, KMeansResult fit, Pca map, int? kneeK, StabilityResult? stability = null)
    {
        KneeK = kneeK;
        Stability = stability;
        Run = run;
        Assignments = assignments;
        Themes = themes;
        Model = model;
        Fit = fit;
        Map = map;
    }

    /// <summary>The run (Id 0 until saved).</summary>
    public ClusterRun Run { get; }

    /// <summary>Each track's cluster, distance to its centroid (standardised units) and map position.</summary>
    public IReadOnlyList<ClusterAssignment> Assignments { get; }

    /// <summary>One theme per cluster, operator names carried over from the previous run where it matched.</summary>
    public IReadOnlyList<Theme> Themes { get; }

    /// <summary>Nearest-centroid model of the run.</summary>
    public ClusterModel Model { get; }

    /// <summary>The k-means fit at the chosen k.</summary>
    public KMeansResult Fit { get; }

    /// <summary>With --k auto: the knee of the inertia curve (reported; k is chosen by <see cref="Stability"/>); null with a fixed k.</summary>
    public int? KneeK { get; }

    /// <summary>With --k auto: each k's mean adjusted Rand index across subsamples and the k it chose; null with a fixed k.</summary>
    public StabilityResult? Stability { get; }

    /// <summary>The 2-D projection the map is drawn in (fitted on the standardised summaries).</summary>
    public Pca Map { get; }
}

/// <summary>The catalog-level clustering pipeline: standardise, choose k, k-means++, silhouette, themes, map.</summary>
public static class CatalogClustering
{
    /// <summary>
    /// Smallest cluster --k auto accepts: max(3, tracks / 50). A theme must have a few tracks to play, and k-means
    /// on summary vectors likes to spend a centroid on a lone outlier track; a k whose clustering has a smaller
    /// cluster is not eligible in <see cref="Clustering.Stability.Choose"/>.
    /// </summary>
    public static int MinimumClusterSize(int trackCount) => Math.Max(3, trackCount / 50);

    /// <summary>
    /// Fewest themes --k auto gives a catalog with room for them: five moods (happy, sad, angry, anxious, calm) each
    /// need themes of their own region of the valence/arousal plane, and with fewer themes two moods share one.
    /// </summary>
    public const int MinimumAutoK = 5;

    /// <summary>The k range --k auto tries: <see cref="MinimumAutoK"/> (2 for tiny catalogs) … <see cref="Elbow.MaxK"/>.</summary>
    public static (int Min, int Max) AutoRange(int trackCount)
    {
        int max = Elbow.MaxK(trackCount);
        return (Math.Clamp(MinimumAutoK, 2, max), max);
    }

    /// <summary>
    /// Why a catalog of <paramref name="trackCount"/> usable tracks cannot be clustered with <paramref name="k"/>
    /// (null = auto), or null when it can. Auto needs <see cref="Elbow.MinimumTracks"/> tracks (k from 2 to
    /// tracks / 5); a fixed k needs 2 ≤ k ≤ tracks.
    /// </summary>
    public static string? WhyNot(int trackCount, int? k)
    {
        if (trackCount == 0)
            return "The catalog has no analysed tracks yet: add music with `ingest PATH…` first.";
        if (k is null && trackCount < Elbow.MinimumTracks)
            return $"The catalog has {trackCount} analysed track(s); --k auto needs at least {Elbow.MinimumTracks} " +
                   $"(it tries k = 2 … min(20, tracks/5)). Ingest more music, or pass --k N with 2 ≤ N ≤ {Math.Max(2, trackCount)}.";
        if (k is { } n && (n < 2 || n > trackCount))
            return trackCount < 2
                ? $"The catalog has {trackCount} analysed track; clustering needs at least 2. Ingest more music with `ingest PATH…`."
                : $"--k {n} does not fit a catalog of {trackCount} analysed tracks: use 2 ≤ k ≤ {trackCount}, or --k auto.";
        return null;
    }

    /// <summary>
    /// Clusters the tracks' summary vectors (original units, all of one length). <paramref name="k"/> null = by
    /// stability (<see cref="Clustering.Stability"/>; the elbow curve is computed and reported alongside).
    /// <paramref name="previous"/>: the last run's themes with centroids, so names carry over;
    /// <paramref name="previousK"/>: the last run's k, kept while it is as stable as the best.
    /// </summary>
    /// <exception cref="ArgumentException">The catalog does not fit k (see <see cref="WhyNot"/>).</exception>
    public static CatalogClusteringResult Cluster(IReadOnlyList<TrackSummaryVector> tracks, int? k, int seed,
        IReadOnlyList<PreviousTheme>? previous = null, KMeansOptions? options = null, int? previousK = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        if (WhyNot(tracks.Count, k) is { } reason) throw new ArgumentException(reason, nameof(tracks));
        options = (options ?? new KMeansOptions()) with { Seed = seed };
        var raw = tracks.Select(t => t.Vector).ToList();
        var standardizer = Standardizer.Fit(raw);
        var z = standardizer.Transform(raw);

        KMeansResult fit;
        IReadOnlyList<InertiaPoint> curve;
        int? kneeK = null;
        StabilityResult? stability = null;
        if (k is { } fixedK)
        {
            fit = KMeans.Fit(z, fixedK, options);
            if (fixedK == previousK && WarmStart(z, standardizer, previous, previousK, new Dictionary<int, KMeansResult> { [fixedK] = fit }) is { } warm)
                fit = warm;
            curve = [new InertiaPoint(fixedK, fit.Inertia)];
        }
        else
        {
            // The elbow's knee moves with a few tracks (a flat curve has no sharp knee); k is chosen by stability
            // across subsamples instead, and the curve is still reported. Keys are track ids, stable across ingests.
            var elbow = Elbow.Run(z, 2, Elbow.MaxK(z.Length), options);
            kneeK = elbow.ChosenK;
            var (minK, maxK) = AutoRange(z.Length);
            var fits = elbow.Fits.ToDictionary();
            if (WarmStart(z, standardizer, previous, previousK, fits) is { } warm) fits[warm.K] = warm;
            stability = Themes.Stability.Choose(z, tracks.Select(t => t.TrackId).ToList(), minK, maxK, options,
                MinimumClusterSize(z.Length), previousK, fits);
            if (!stability.Curve.Any(p => p.Eligible))
            {
                // Every k of the range leaves a track nearly alone (outliers): fewer themes that can all play beat
                // more themes with one that cannot — the largest smaller k whose clusters are big enough, 2 at worst.
                int fewer = minK - 1;
                while (fewer > 2 && fits[fewer].Sizes.Min() < MinimumClusterSize(z.Length)) fewer--;
                stability = stability with { ChosenK = Math.Max(2, fewer) };
            }
            fit = fits[stability.ChosenK];
            curve = elbow.Curve.Select(p => new InertiaPoint(p.K, p.Inertia)).ToList();
        }

        double? silhouette = fit.K >= 2 ? Silhouette.Score(z, fit.Assignments, seed: seed) : null;
        var model = new ClusterModel(standardizer, fit.Centroids);
        var traits = ClusterTraits(model, fit.K, tracks.Select((t, i) => (fit.Assignments[i], t.Vector)).ToList());
        var themes = ThemeRules.Describe(traits);
        if (previous is { Count: > 0 }) themes = ThemeCarryOver.Apply(themes, previous, model, traits);

        var pca = Pca.Fit(z, Math.Min(2, standardizer.Dimensions));
        var assignments = new List<ClusterAssignment>(z.Length);
        for (int i = 0; i < z.Length; i++)
        {
            var xy = pca.Project(z[i]);
            assignments.Add(new ClusterAssignment(tracks[i].TrackId, fit.Assignments[i],
                Distance: VectorMath.Distance(z[i], fit.Centroids[fit.Assignments[i]]), X: xy[0], Y: xy.Length > 1 ? xy[1] : 0));
        }

        var run = new ClusterRun
        {
            K = fit.K,
            Seed = seed,
            KSelection = k is null ? "stability" : "fixed",
            TrackCount = tracks.Count,
            SummaryVersion = tracks[0].Version,
            Means = standardizer.Means,
            Scales = standardizer.Scales,
            Centroids = fit.Centroids,
            InertiaCurve = curve,
            Inertia = fit.Inertia,
            Silhouette = silhouette,
        };
        return new CatalogClusteringResult(run, assignments, themes, model, fit, pca, kneeK, stability);
    }

    /// <summary>
    /// How much more inertia than the best fresh k-means++ start a fit from the previous run's centroids may have
    /// and still be used: within it the two are equally good clusterings, and the one near the previous run keeps
    /// the tracks in their themes.
    /// </summary>
    public const double WarmStartSlack = 0.05;

    // The previous run's clustering, re-fitted on this catalog from its centroids, when it is about as good as a fresh
    // one at that k (see WarmStartSlack); null otherwise or without a previous run of this layout.
    private static KMeansResult? WarmStart(double[][] z, Standardizer standardizer, IReadOnlyList<PreviousTheme>? previous, int? previousK,
        IReadOnlyDictionary<int, KMeansResult> fresh)
    {
        if (previous is null || previousK is not { } k || !fresh.TryGetValue(k, out var best)) return null;
        var start = previous.OrderBy(p => p.Theme.ClusterId).Select(p => p.CentroidOriginalUnits).ToList();
        if (start.Count != k || start.Any(c => c.Length != standardizer.Dimensions)) return null;
        var warm = KMeans.FitFrom(z, start.Select(c => standardizer.Transform(c)).ToList());
        return warm.Inertia <= best.Inertia * (1 + WarmStartSlack) && warm.Sizes.Min() > 0 ? warm : null;
    }

    /// <summary>
    /// A stored run's themes with their descriptions written again by the current <see cref="ThemeRules"/> from the
    /// run's centroids, and how many changed. Names stay as stored (users know the themes by them; operators rename
    /// them) unless this release's rule puts an automatic name in another cell of the grid (an "Energetic" theme
    /// described as quiet becomes "Easygoing"); the measured traits' wording follows a newer release, e.g.
    /// "low energy" → "quiet".
    /// </summary>
    public static (IReadOnlyList<Theme> Themes, int Changed) RedescribeThemes(ClusterRun run, IReadOnlyList<Theme> themes,
        IReadOnlyList<(int Cluster, double[] Summary)>? members = null)
    {
        var model = run.ToModel();
        var current = ThemeRules.Describe(ClusterTraits(model, run.K, members ?? []));
        int changed = 0;
        var result = themes.Select(t =>
        {
            if (t.ClusterId < 0 || t.ClusterId >= run.K) return t;
            var fresh = current[t.ClusterId];
            // Automatic names follow this release's rule too (an old "⚡ Energetic" that is quiet is renamed); an
            // operator's names are kept.
            var updated = t with
            {
                DescriptionEn = fresh.DescriptionEn, DescriptionKo = fresh.DescriptionKo,
                NameEn = t.RenamedByOperator || SameCell(t.NameEn, fresh.NameEn) ? t.NameEn : fresh.NameEn,
                NameKo = t.RenamedByOperator || SameCell(t.NameEn, fresh.NameEn) ? t.NameKo : fresh.NameKo,
                Emoji = t.RenamedByOperator ? t.Emoji : fresh.Emoji,
            };
            if (updated == t) return t;
            changed++;
            return updated;
        }).ToList();
        return (ThemeRules.EnsureDistinct(result), changed);
    }

    /// <summary>
    /// Each cluster's traits from its centroid in original units, with the mode taken as the mean of its members'
    /// own mode scores: a centroid averages the chroma of tracks in many keys into a flat one whose key says little
    /// (issue 12: a cluster of minor tracks in 24 keys was named "🎉 Upbeat", one of major tracks in 12 keys
    /// "🌧️ Melancholy"). Clusters without members (or summaries of another layout) keep the centroid's key.
    /// </summary>
    public static IReadOnlyList<ThemeTraits> ClusterTraits(ClusterModel model, int k, IReadOnlyList<(int Cluster, double[] Summary)> members)
    {
        var traits = new List<ThemeTraits>(k);
        for (int c = 0; c < k; c++)
        {
            var t = ThemeTraits.FromSummaryVector(model.CentroidInOriginalUnits(c));
            var scores = members.Where(m => m.Cluster == c && m.Summary.Length == model.Standardizer.Dimensions)
                .Select(m => ThemeTraits.FromSummaryVector(m.Summary).Key).Where(key => key is not { MajorCorrelation: 0, MinorCorrelation: 0 })
                .Select(key => key.ModeScore).ToList();
            if (scores.Count > 0)
            {
                double delta = scores.Average() - t.Key.ModeScore;
                t = t with { Key = t.Key with { MajorCorrelation = t.Key.MajorCorrelation + delta / 2, MinorCorrelation = t.Key.MinorCorrelation - delta / 2 } };
            }
            traits.Add(t);
        }
        return traits;
    }

    // Same base name (the grid cell): a stored "Calm (slower)" keeps its qualifier and number rather than being
    // renamed for a comparison that only the full re-description would redo.
    private static bool SameCell(string stored, string fresh) => ThemeCarryOver.SameCell(stored, fresh);

    /// <summary>A stored run's themes paired with their centroids in original units, for <see cref="Cluster"/>.</summary>
    public static IReadOnlyList<PreviousTheme> PreviousThemes(ClusterRun run, IReadOnlyList<Theme> themes)
    {
        var model = run.ToModel();
        return themes.Where(t => t.ClusterId >= 0 && t.ClusterId < run.K)
            .Select(t => new PreviousTheme(model.CentroidInOriginalUnits(t.ClusterId), t)).ToList();
    }
}
