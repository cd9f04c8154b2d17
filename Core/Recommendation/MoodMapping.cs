using TuneBot.Core.Catalog;
using TuneBot.Core.Catalog.Themes;

namespace TuneBot.Core.Recommendation;

/// <summary>How a mood playlist relates to the user's emotion.</summary>
public enum MoodStrategy
{
    /// <summary>The theme nearest the emotion in valence/arousal, and any nearly as near: music that matches how the user feels.</summary>
    Match,

    /// <summary>
    /// A path of waypoints from the emotion toward positive valence (the music-therapy "iso principle": meet the
    /// mood, then move it gradually), e.g. sad → calm → warm → bright. Happy is already there and is matched.
    /// </summary>
    Lift,
}

/// <summary>A point on Russell's circumplex, valence and arousal both on −1 … +1 (as <see cref="Theme"/>).</summary>
public readonly record struct MoodPoint(double Valence, double Arousal)
{
    public double DistanceTo(Theme theme) => Math.Sqrt(Math.Pow(theme.Valence - Valence, 2) + Math.Pow(theme.Arousal - Arousal, 2));
}

/// <summary>One theme of a mood playlist, in play order.</summary>
/// <param name="ClusterId">The theme's cluster (in the run the themes came from).</param>
/// <param name="Theme">The theme itself.</param>
/// <param name="Target">The valence/arousal point this step aims for.</param>
/// <param name="Distance">Euclidean distance on the circumplex between the theme and the target.</param>
public sealed record MoodStep(int ClusterId, Theme Theme, MoodPoint Target, double Distance);

/// <summary>
/// Maps the emotion classifier's labels (happy, sad, angry, anxious, neutral — issue 5) to catalog themes through
/// the themes' valence/arousal. Emotion positions follow Russell's circumplex (1980) and its placements of
/// the basic emotion terms: happy high valence and moderately high arousal; sad negative valence, low arousal;
/// angry and anxious negative valence, high arousal (angry more extreme); neutral at the origin.
/// </summary>
public static class MoodMapping
{
    /// <summary>The emotion labels understood, in the classifier's order.</summary>
    public static IReadOnlyList<string> Emotions { get; } = ["happy", "sad", "angry", "anxious", "neutral"];

    private static readonly Dictionary<string, MoodPoint> Points = new(StringComparer.OrdinalIgnoreCase)
    {
        ["happy"] = new(0.8, 0.5),
        ["sad"] = new(-0.7, -0.5),
        ["angry"] = new(-0.6, 0.8),
        ["anxious"] = new(-0.5, 0.5),
        ["neutral"] = new(0.0, 0.0),
    };

    // Lift waypoints, in play order. Sad: calm (settle, no jarring jump in arousal) → warm → bright. Angry:
    // still-energetic but less negative release → calm → gently positive. Anxious: grounded calm first (lower
    // arousal is what anxiety lacks) → warm → brighter. Neutral: nudge toward pleasant, then upbeat.
    private static readonly Dictionary<string, MoodPoint[]> LiftPaths = new(StringComparer.OrdinalIgnoreCase)
    {
        ["happy"] = [new(0.8, 0.5), new(0.7, 0.7), new(0.6, 0.2)],
        ["sad"] = [new(0.0, -0.6), new(0.4, -0.2), new(0.7, 0.3)],
        ["angry"] = [new(-0.2, 0.4), new(0.2, -0.4), new(0.6, 0.0)],
        ["anxious"] = [new(0.1, -0.6), new(0.5, -0.2), new(0.7, 0.2)],
        ["neutral"] = [new(0.3, 0.0), new(0.6, 0.3), new(0.8, 0.5)],
    };

    /// <summary>
    /// How much farther than the nearest theme another theme may be and still share a Match playlist (circumplex
    /// units; each axis spans 2). Within 0.25 two themes sit in the same region of the mood plane; beyond it the
    /// second theme is a different mood (on the demo catalog, sad's nearest theme is at 0.28 and the next at 0.93,
    /// and sharing the playlist equally with it filled a sad playlist with cheerful tracks).
    /// </summary>
    public const double MatchTolerance = 0.25;

    /// <summary>Position of an emotion label (case-insensitive); false for an unknown label.</summary>
    public static bool TryGetPoint(string emotion, out MoodPoint point) => Points.TryGetValue(emotion ?? "", out point);

    /// <summary>
    /// Ordered themes for an emotion. Match: the nearest theme, then the others at most
    /// <see cref="MatchTolerance"/> farther, nearest first, at most <paramref name="count"/>. Lift: for each waypoint in order, the nearest theme not yet used (so at most one step per waypoint
    /// and at most <paramref name="count"/> steps). Never empty when <paramref name="themes"/> is not empty; an
    /// unknown label is treated as neutral.
    /// </summary>
    /// <param name="emotion">happy | sad | angry | anxious | neutral.</param>
    /// <param name="strategy">Match or Lift.</param>
    /// <param name="themes">The newest run's themes (any number, typically 2 … 20).</param>
    /// <param name="count">Most steps to return (default 3, at least 1).</param>
    public static IReadOnlyList<MoodStep> Map(string emotion, MoodStrategy strategy, IReadOnlyList<Theme> themes, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(themes);
        count = Math.Max(1, count);
        if (!Points.TryGetValue(emotion ?? "", out var point)) { emotion = "neutral"; point = Points["neutral"]; }
        if (themes.Count == 0) return [];

        if (strategy == MoodStrategy.Match)
        {
            var ranked = Rank(point, themes);
            double limit = ranked[0].Distance + MatchTolerance;
            return ranked.TakeWhile(s => s.Distance <= limit).Take(count).ToList();
        }

        var used = new HashSet<int>();
        var steps = new List<MoodStep>();
        foreach (var target in LiftPaths[emotion!])
        {
            if (steps.Count == count) break;
            var best = themes.Where(t => !used.Contains(t.ClusterId))
                .OrderBy(t => target.DistanceTo(t)).ThenBy(t => t.ClusterId).FirstOrDefault();
            if (best is null) break;
            used.Add(best.ClusterId);
            steps.Add(new MoodStep(best.ClusterId, best, target, target.DistanceTo(best)));
        }
        return steps;
    }

    /// <summary>
    /// Every theme by distance to the emotion, nearest first (ties by cluster id); an unknown label is treated as
    /// neutral. A playlist that its <see cref="Map"/> steps cannot fill is topped up in this order.
    /// </summary>
    public static IReadOnlyList<MoodStep> Rank(string emotion, IReadOnlyList<Theme> themes)
    {
        ArgumentNullException.ThrowIfNull(themes);
        return Rank(Points.TryGetValue(emotion ?? "", out var point) ? point : Points["neutral"], themes);
    }

    private static List<MoodStep> Rank(MoodPoint point, IReadOnlyList<Theme> themes) =>
        themes.Select(t => new MoodStep(t.ClusterId, t, point, point.DistanceTo(t)))
            .OrderBy(s => s.Distance).ThenBy(s => s.ClusterId).ToList();
}
