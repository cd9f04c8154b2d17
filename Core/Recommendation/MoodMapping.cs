using TuneBot.Core.Storage;
using TuneBot.Core.Map;
using TuneBot.Core.Themes;

namespace TuneBot.Core.Recommendation;

/// <summary>How a mood playlist relates to the user's emotion.</summary>
public enum MoodStrategy
{
    /// <summary>Music from the mood's own region of the valence/arousal plane: music that matches how the user feels.</summary>
    Match,

    /// <summary>
    /// A path of regions from the mood toward positive valence (the music-therapy "iso principle": meet the mood,
    /// then move it gradually), e.g. sad → calm → happy. Happy is already there and is matched.
    /// </summary>
    Lift,
}

/// <summary>A point on Russell's circumplex, valence and arousal both on −1 … +1 (as <see cref="Theme"/>).</summary>
public readonly record struct MoodPoint(double Valence, double Arousal)
{
    public double DistanceTo(Theme theme) => DistanceTo(theme.Valence, theme.Arousal);

    public double DistanceTo(double valence, double arousal) => Math.Sqrt(Math.Pow(valence - Valence, 2) + Math.Pow(arousal - Arousal, 2));
}

/// <summary>
/// One of the five answers a mood playlist can be for. Calm is what the user picks (the 😌 button) or says
/// ("I feel calm"); the classifier's "neutral" label is shown as calm and maps here too.
/// </summary>
public enum Mood { Happy, Sad, Angry, Anxious, Calm }

/// <summary>
/// A mood's region of the valence/arousal plane: a 90° or 45° sector around the origin, and the point inside it
/// that playlists aim for. The five regions do not overlap and cover the plane (docs/mood.md).
/// </summary>
/// <param name="Mood">The mood.</param>
/// <param name="FromDegrees">Sector start, counter-clockwise from the positive valence axis (inclusive).</param>
/// <param name="ToDegrees">Sector end (exclusive).</param>
/// <param name="Target">Where in the sector the playlist aims; tracks nearest it come first.</param>
public sealed record MoodRegion(Mood Mood, double FromDegrees, double ToDegrees, MoodPoint Target)
{
    /// <summary>True when (valence, arousal) lies in this sector; the origin belongs to calm (no feeling is easy listening).</summary>
    public bool Contains(double valence, double arousal) => MoodMapping.RegionOf(valence, arousal) == Mood;
}

/// <summary>One theme of a mood playlist, in play order.</summary>
/// <param name="ClusterId">The theme's cluster (in the run the themes came from).</param>
/// <param name="Theme">The theme itself.</param>
/// <param name="Target">The valence/arousal point this step aims for.</param>
/// <param name="Distance">Euclidean distance on the circumplex between the theme and the target.</param>
public sealed record MoodStep(int ClusterId, Theme Theme, MoodPoint Target, double Distance);

/// <summary>A catalog track's place for mood playlists: its cluster and its own valence/arousal (same rule as a theme's).</summary>
public sealed record MoodTrack(long TrackId, int ClusterId, double Valence, double Arousal, double CentroidDistance = 0)
{
    /// <summary>A track placed by its summary vector in ORIGINAL units (FeatureSummary.ToVector()), with <see cref="ThemeRules"/>.</summary>
    public static MoodTrack FromSummary(long trackId, int clusterId, ReadOnlySpan<double> summary, double centroidDistance = 0)
    {
        var traits = ThemeTraits.FromSummaryVector(summary);
        return new MoodTrack(trackId, clusterId, ThemeRules.Valence(traits), ThemeRules.Arousal(traits), centroidDistance);
    }
}

/// <summary>A mood playlist: tracks in play order and the theme it is shown under.</summary>
/// <param name="Regions">The regions it draws from, in play order (one for Match).</param>
public sealed record MoodPlaylist(Mood Mood, IReadOnlyList<long> TrackIds, Theme? Theme, IReadOnlyList<MoodRegion> Regions);

/// <summary>
/// Maps the five moods to regions of the themes' valence/arousal plane (Russell's circumplex, 1980, as in
/// Thayer's energy/stress plane for music) and chooses playlists from them. The plane is cut into sectors by
/// angle from the positive valence axis:
/// happy 0°–90° (pleasant, energetic), angry 90°–135° (unpleasant, the more aroused part: loud, fast, fierce),
/// anxious 135°–180° (unpleasant, the darker, less aroused part: tense, restless), sad 180°–270° (unpleasant, low
/// energy), calm 270°–360° (pleasant, low energy). On a catalog the angry/anxious border moves to the median
/// angle of its unpleasant-aroused tracks (<see cref="AngrySplit"/>). A playlist is drawn from the mood's own
/// themes and tracks, so two moods share a track only when the catalog has too little music in a region.
/// Before issue 12 each label had a point and got the nearest theme, so "calm" (neutral, the origin) got
/// whichever theme sat nearest the middle (⚡ Energetic on the demo catalog) and angry and anxious shared it.
/// </summary>
public static class MoodMapping
{
    /// <summary>The emotion labels understood, in the classifier's order ("neutral" is shown, and mapped, as calm).</summary>
    public static IReadOnlyList<string> Emotions { get; } = ["happy", "sad", "angry", "anxious", "neutral"];

    /// <summary>The five regions, counter-clockwise from happy.</summary>
    public static IReadOnlyList<MoodRegion> Regions { get; } =
    [
        new(Mood.Happy, 0, 90, new(0.7, 0.5)),
        new(Mood.Angry, 90, 135, new(-0.4, 0.8)),
        new(Mood.Anxious, 135, 180, new(-0.6, 0.3)),
        new(Mood.Sad, 180, 270, new(-0.6, -0.5)),
        new(Mood.Calm, 270, 360, new(0.5, -0.5)),
    ];

    // Lift paths, in play order: each starts in the mood's own region (meet it) and ends on the pleasant side.
    // Sad and anxious settle in calm before brightening (lower arousal is what anxiety lacks; no jump from low
    // energy to party music for sadness); angry keeps its energy but turns it pleasant, then settles; calm
    // brightens gently. Happy is already there.
    private static readonly Dictionary<Mood, Mood[]> LiftPaths = new()
    {
        [Mood.Happy] = [Mood.Happy],
        [Mood.Sad] = [Mood.Sad, Mood.Calm, Mood.Happy],
        [Mood.Angry] = [Mood.Angry, Mood.Happy, Mood.Calm],
        [Mood.Anxious] = [Mood.Anxious, Mood.Calm, Mood.Happy],
        [Mood.Calm] = [Mood.Calm, Mood.Happy],
    };

    /// <summary>
    /// How much farther than the nearest theme another theme may be and still share a Match playlist when the
    /// mood's region holds no theme at all (circumplex units; each axis spans 2).
    /// </summary>
    public const double MatchTolerance = 0.25;

    /// <summary>
    /// The mood of a label (case-insensitive): the five moods by name, "neutral" as calm; unknown labels are
    /// calm too (no clear feeling gets easy listening, not the loudest theme).
    /// </summary>
    public static Mood MoodOf(string? emotion) => (emotion ?? "").Trim().ToLowerInvariant() switch
    {
        "happy" => Mood.Happy,
        "sad" => Mood.Sad,
        "angry" => Mood.Angry,
        "anxious" => Mood.Anxious,
        _ => Mood.Calm,
    };

    /// <summary>True for the labels <see cref="MoodOf"/> knows (the five moods and "neutral").</summary>
    public static bool IsKnown(string? emotion) =>
        (emotion ?? "").Trim().ToLowerInvariant() is "happy" or "sad" or "angry" or "anxious" or "calm" or "neutral";

    /// <summary>The region of a mood.</summary>
    public static MoodRegion Region(Mood mood) => Regions.Single(r => r.Mood == mood);

    /// <summary>Which mood's region (valence, arousal) lies in (the origin and the positive valence axis belong to calm / happy as the sectors say).</summary>
    public static Mood RegionOf(double valence, double arousal) => RegionOf(valence, arousal, DefaultAngrySplit);

    /// <summary>As <see cref="RegionOf(double, double)"/> with angry below <paramref name="angrySplit"/> degrees and anxious from it to 180°.</summary>
    public static Mood RegionOf(double valence, double arousal, double angrySplit)
    {
        if (valence == 0 && arousal == 0) return Mood.Calm;
        double degrees = Angle(valence, arousal);
        return degrees switch
        {
            < 90 => Mood.Happy,
            _ when degrees < angrySplit => Mood.Angry,
            < 180 => Mood.Anxious,
            < 270 => Mood.Sad,
            < 360 => Mood.Calm,
            _ => Mood.Happy,   // 360° rounds back to 0°
        };
    }

    /// <summary>Where angry ends and anxious begins when nothing is known of the catalog: the quadrant's diagonal.</summary>
    public const double DefaultAngrySplit = 135;

    /// <summary>
    /// Where angry ends and anxious begins on a catalog: the median angle of its unpleasant-and-aroused tracks
    /// (90°–180°), so angry gets the more aroused half of that music and anxious the darker half. A fixed 135° left
    /// angry with no theme at all on a generated real-audio catalog, whose loud, fast, minor tracks sit at
    /// 136°–140° (track arousal rarely goes far above +0.4), and the two moods shared 8 of 10 tracks.
    /// Needs at least 4 such tracks; else <see cref="DefaultAngrySplit"/>.
    /// </summary>
    public static double AngrySplit(IEnumerable<MoodTrack> tracks)
    {
        var angles = tracks.Where(t => t.Valence < 0 && t.Arousal >= 0).Select(t => Angle(t.Valence, t.Arousal)).Order().ToList();
        if (angles.Count < 4) return DefaultAngrySplit;
        double median = angles.Count % 2 == 1 ? angles[angles.Count / 2] : (angles[angles.Count / 2 - 1] + angles[angles.Count / 2]) / 2;
        return Math.Clamp(median, 100, 170);
    }

    private static double Angle(double valence, double arousal)
    {
        double degrees = Math.Atan2(arousal, valence) * 180 / Math.PI;
        return degrees < 0 ? degrees + 360 : degrees;
    }

    /// <summary>Target point of an emotion label (case-insensitive); false for an unknown label.</summary>
    public static bool TryGetPoint(string emotion, out MoodPoint point)
    {
        point = Region(MoodOf(emotion)).Target;
        return IsKnown(emotion);
    }

    /// <summary>The regions a playlist for <paramref name="emotion"/> draws from, in play order.</summary>
    public static IReadOnlyList<MoodRegion> Path(string emotion, MoodStrategy strategy) =>
        strategy == MoodStrategy.Match ? [Region(MoodOf(emotion))] : LiftPaths[MoodOf(emotion)].Select(Region).ToList();

    /// <summary>
    /// Ordered themes for an emotion. Match: the themes inside the mood's region, nearest its target first, at
    /// most <paramref name="count"/>; when the region holds none, the nearest theme and the others at most
    /// <see cref="MatchTolerance"/> farther. Lift: for each region of the path, its nearest theme not yet used
    /// (at most one step per region, at most <paramref name="count"/> steps). Never empty when
    /// <paramref name="themes"/> is not empty; an unknown label is treated as calm.
    /// </summary>
    public static IReadOnlyList<MoodStep> Map(string emotion, MoodStrategy strategy, IReadOnlyList<Theme> themes, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(themes);
        count = Math.Max(1, count);
        if (themes.Count == 0) return [];
        if (strategy == MoodStrategy.Match) return ThemesFor(Region(MoodOf(emotion)), themes, count);

        var used = new HashSet<int>();
        var steps = new List<MoodStep>();
        foreach (var region in Path(emotion, strategy))
        {
            if (steps.Count == count) break;
            var best = ThemesFor(region, themes.Where(t => !used.Contains(t.ClusterId)).ToList(), 1).FirstOrDefault();
            if (best is null) break;
            used.Add(best.ClusterId);
            steps.Add(best);
        }
        return steps;
    }

    /// <summary>
    /// Every theme by distance to the emotion's target, nearest first (ties by cluster id); an unknown label is
    /// treated as calm.
    /// </summary>
    public static IReadOnlyList<MoodStep> Rank(string emotion, IReadOnlyList<Theme> themes)
    {
        ArgumentNullException.ThrowIfNull(themes);
        return Rank(Region(MoodOf(emotion)).Target, themes);
    }

    /// <summary>
    /// A playlist of <paramref name="length"/> tracks for an emotion. Each region of the path (one for Match; the
    /// lift path's regions in order, equal shares) is filled in this order: tracks of the region's themes (at
    /// most <paramref name="maxThemes"/>, see <see cref="Map"/>) that themselves lie in the region; then tracks of
    /// other themes that lie in the region; then the rest of the region's themes' tracks; then any track, nearest
    /// the target first within each tier. So calm's playlist comes from calm music, and two moods share tracks only
    /// where a region has fewer tracks than a playlist (angry and anxious often share one theme: its tracks on the
    /// other mood's side go to that mood).
    /// </summary>
    public static MoodPlaylist Playlist(string emotion, MoodStrategy strategy, IReadOnlyList<Theme> themes,
        IReadOnlyList<MoodTrack> tracks, int length = 10, int maxThemes = 3)
    {
        ArgumentNullException.ThrowIfNull(themes);
        ArgumentNullException.ThrowIfNull(tracks);
        var mood = MoodOf(emotion);
        var path = Path(emotion, strategy);
        var chosen = new List<long>(length);
        var taken = new HashSet<long>();
        var byCluster = themes.ToDictionary(t => t.ClusterId);
        double split = AngrySplit(tracks);
        // A theme sits where its tracks sit: the centroid's own traits blur the key when its tracks are in many
        // keys (a calm cluster of major tracks in 12 keys averaged to a flat chroma scored valence −0.12 while its
        // tracks average +0.30), so the mean of its members' positions decides which region it belongs to.
        themes = themes.Select(t => tracks.Where(x => x.ClusterId == t.ClusterId).ToList() is { Count: > 0 } members
            ? t with { Valence = members.Average(x => x.Valence), Arousal = members.Average(x => x.Arousal) } : t).ToList();
        Theme? shownAs = null;
        for (int i = 0; i < path.Count && chosen.Count < length; i++)
        {
            int share = (length - chosen.Count + (path.Count - i) - 1) / (path.Count - i);
            var ranked = RankTracks(path[i], themes, tracks, maxThemes, split).Where(id => !taken.Contains(id)).Take(share).ToList();
            // Healing app: anxiety is led in by calm music, not the loud theme it shares with angry (docs/mood.md).
            if (path[i].Mood == Mood.Anxious) ranked = SoothingFirst(ranked, themes, tracks);
            foreach (var id in ranked) { chosen.Add(id); taken.Add(id); }
        }
        if (chosen.Count > 0)
        {
            var first = tracks.First(t => t.TrackId == chosen[0]);
            shownAs = byCluster.GetValueOrDefault(first.ClusterId);
        }
        shownAs ??= Map(emotion, strategy, themes, 1).FirstOrDefault()?.Theme;
        return new MoodPlaylist(mood, chosen, shownAs, path);
    }

    /// <summary>
    /// The same tracks with those of their most soothing theme first, so that theme leads the playlist and names it:
    /// a theme in calm's region (nearest calm's target), else the least aroused one. Same tracks, so the playlist
    /// stays anxious music; only its lead changes.
    /// </summary>
    private static List<long> SoothingFirst(List<long> ids, IReadOnlyList<Theme> themes, IReadOnlyList<MoodTrack> tracks)
    {
        var clusterOf = tracks.Where(t => ids.Contains(t.TrackId)).ToDictionary(t => t.TrackId, t => t.ClusterId);
        var present = clusterOf.Values.ToHashSet();
        var calm = Region(Mood.Calm);
        var soothing = themes.Where(t => present.Contains(t.ClusterId))
            .OrderBy(t => calm.Contains(t.Valence, t.Arousal) ? 0 : 1)
            .ThenBy(t => calm.Contains(t.Valence, t.Arousal) ? calm.Target.DistanceTo(t) : t.Arousal)
            .ThenBy(t => t.ClusterId).FirstOrDefault();
        if (soothing is null) return ids;
        return ids.OrderBy(id => clusterOf.GetValueOrDefault(id, -1) == soothing.ClusterId ? 0 : 1).ToList();   // stable: nearest the target first within each
    }

    /// <summary>Track ids for one region, best first (tiers in <see cref="Playlist"/>).</summary>
    private static IEnumerable<long> RankTracks(MoodRegion region, IReadOnlyList<Theme> themes, IReadOnlyList<MoodTrack> tracks, int maxThemes, double split)
    {
        var own = ThemesFor(region, themes, Math.Max(1, maxThemes), split).Select(s => s.ClusterId).ToHashSet();
        bool In(MoodTrack t) => RegionOf(t.Valence, t.Arousal, split) == region.Mood;
        return tracks
            .OrderBy(t => In(t) ? (own.Contains(t.ClusterId) ? 0 : 1) : own.Contains(t.ClusterId) ? 2 : 3)
            .ThenBy(t => region.Target.DistanceTo(t.Valence, t.Arousal))
            .ThenBy(t => t.CentroidDistance).ThenBy(t => t.TrackId)
            .Select(t => t.TrackId);
    }

    private static List<MoodStep> ThemesFor(MoodRegion region, IReadOnlyList<Theme> themes, int count, double split = DefaultAngrySplit)
    {
        if (themes.Count == 0) return [];
        var ranked = Rank(region.Target, themes);
        var inside = ranked.Where(s => RegionOf(s.Theme.Valence, s.Theme.Arousal, split) == region.Mood).Take(count).ToList();
        if (inside.Count > 0) return inside;
        double limit = ranked[0].Distance + MatchTolerance;
        return ranked.TakeWhile(s => s.Distance <= limit).Take(count).ToList();
    }

    private static List<MoodStep> Rank(MoodPoint point, IReadOnlyList<Theme> themes) =>
        themes.Select(t => new MoodStep(t.ClusterId, t, point, point.DistanceTo(t)))
            .OrderBy(s => s.Distance).ThenBy(s => s.ClusterId).ToList();
}
