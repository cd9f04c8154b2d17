using TuneBot.Core.Features;
using TuneBot.Core.Themes;

namespace TuneBot.Core.Evaluation;

/// <summary>
/// "Tracks like this", measured: every track is a query, the others are ranked, and precision@k is the share of the
/// top k that come from the query's own soundtrack (the folder below the catalog root). A ranking whose top lists keep
/// naming the same few tracks (hubs) scores by accident, so the hubs are counted too.
/// </summary>
public static class SimilarEvaluation
{
    /// <summary>Lists of this share of the queries or more make a track a hub (about 3× what a uniform spread gives on ~130 tracks).</summary>
    public const double HubShare = 0.10;

    /// <summary>
    /// The soundtrack of every track: the first folder below the deepest folder common to all paths. Tracks lying in
    /// the common folder itself are their own soundtrack ("" is not shared).
    /// </summary>
    public static IReadOnlyDictionary<long, string> SoundtracksOf(IReadOnlyDictionary<long, string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var parts = paths.ToDictionary(p => p.Key, p => p.Value.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries));
        int common = parts.Count == 0 ? 0 : parts.Values.Min(p => p.Length - 1);
        var first = parts.Values.FirstOrDefault() ?? [];
        for (int i = 0; i < common; i++)
            if (parts.Values.Any(p => p[i] != first[i])) { common = i; break; }
        return parts.ToDictionary(p => p.Key, p => p.Value.Length - 1 > common ? p.Value[common] : $"#{p.Key}");
    }

    /// <summary>
    /// The baseline the issue names: mean and standard deviation of MFCC 1–19 (a <see cref="FeatureSummary"/> vector),
    /// z-scored per dimension over the catalog, others ranked by Euclidean distance, nearest first.
    /// </summary>
    public static IReadOnlyDictionary<long, IReadOnlyList<long>> MfccStatisticsRankings(IReadOnlyDictionary<long, double[]> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        const int first = 1, count = FeatureSummary.MfccCount - 1;
        var vectors = summaries.Where(s => s.Value.Length == FeatureSummary.Length).ToDictionary(s => s.Key, s =>
        {
            var v = new double[2 * count];
            Array.Copy(s.Value, first, v, 0, count);
            Array.Copy(s.Value, FeatureSummary.MfccCount + first, v, count, count);
            return v;
        });
        if (vectors.Count == 0) return new Dictionary<long, IReadOnlyList<long>>();
        var standardizer = Standardizer.Fit(vectors.Values.ToList());
        var z = vectors.ToDictionary(p => p.Key, p => standardizer.Transform(p.Value));
        return z.ToDictionary(q => q.Key, q => (IReadOnlyList<long>)z.Where(o => o.Key != q.Key)
            .Select(o => (o.Key, D: VectorMath.SquaredDistance(q.Value, o.Value))).OrderBy(o => o.D).ThenBy(o => o.Key).Select(o => o.Key).ToList());
    }

    /// <summary>Precision@k overall and per soundtrack, chance level, and hubs, for one ranking of every query.</summary>
    public static SimilarEvaluationReport Score(string method, IReadOnlyDictionary<long, string> soundtrackOf,
        IReadOnlyDictionary<long, IReadOnlyList<long>> rankings, int k = 5)
    {
        ArgumentNullException.ThrowIfNull(soundtrackOf);
        ArgumentNullException.ThrowIfNull(rankings);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var sizes = soundtrackOf.Values.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        int n = soundtrackOf.Count;
        var perQuery = new List<(string Soundtrack, double Precision, double Chance)>();
        var appearances = new Dictionary<long, int>();
        foreach (var (query, ranking) in rankings)
        {
            if (!soundtrackOf.TryGetValue(query, out var own)) continue;
            var top = ranking.Where(t => t != query && soundtrackOf.ContainsKey(t)).Take(k).ToList();
            if (top.Count == 0) continue;
            foreach (var t in top) appearances[t] = appearances.GetValueOrDefault(t) + 1;
            double precision = top.Count(t => soundtrackOf[t] == own) / (double)k;
            double chance = n > 1 ? (sizes[own] - 1) / (double)(n - 1) : 0;
            perQuery.Add((own, precision, chance));
        }
        var perSoundtrack = perQuery.GroupBy(q => q.Soundtrack).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SoundtrackPrecision(g.Key, sizes[g.Key], g.Average(q => q.Precision), g.First().Chance)).ToList();
        int answered = perQuery.Count;
        var top1 = appearances.OrderByDescending(a => a.Value).ThenBy(a => a.Key).FirstOrDefault();
        int hubs = appearances.Count(a => answered > 0 && a.Value >= HubShare * answered);
        return new SimilarEvaluationReport(method, k, answered == 0 ? 0 : perQuery.Average(q => q.Precision),
            answered == 0 ? 0 : perQuery.Average(q => q.Chance), perSoundtrack, answered,
            new HubStatistics(appearances.Count == 0 ? null : top1.Key, top1.Value, answered == 0 ? 0 : top1.Value / (double)answered, hubs));
    }
}

/// <summary>Precision@k of one ranking method.</summary>
public sealed record SimilarEvaluationReport(string Method, int K, double Precision, double Chance,
    IReadOnlyList<SoundtrackPrecision> PerSoundtrack, int Answered, HubStatistics Hubs);

/// <summary>Precision@k of the queries of one soundtrack, and what a random ranking would get for them.</summary>
public sealed record SoundtrackPrecision(string Soundtrack, int Tracks, double Precision, double Chance);

/// <summary>The track named most often in the top lists, in how many (and which share) of them, and how many tracks are hubs.</summary>
public sealed record HubStatistics(long? MostListedTrackId, int MostListedCount, double MostListedShare, int Hubs);
