using TuneBot.Core.Themes;
using TuneBot.Core.Storage;
using TuneBot.Core.Recommendation;
using TuneBot.Tests.Core.Themes;
using Xunit;

namespace TuneBot.Tests.Core.Themes;

public class ClusteringThemeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(10)]
    public void Key_profiles_find_the_planted_key_and_mode(int tonic)
    {
        var major = KeyProfiles.Estimate(ThemeFixtures.MajorChroma(tonic));
        Assert.True(major.IsMajor);
        Assert.Equal(tonic, major.Tonic);
        Assert.Equal(1.0, major.MajorCorrelation, 9);
        Assert.True(major.ModeScore > 0.1);

        var minor = KeyProfiles.Estimate(ThemeFixtures.MinorChroma(tonic));
        Assert.False(minor.IsMajor);
        Assert.Equal(tonic, minor.Tonic);
        Assert.True(minor.ModeScore < -0.1);

        Assert.Equal(0.0, KeyProfiles.Estimate(ThemeFixtures.FlatChroma).ModeScore);
        // Relative keys: the best major key of an A-minor profile is C major.
        Assert.Equal("C major", KeyProfiles.Estimate(ThemeFixtures.MinorChroma(9)).Name(major: true));
        Assert.Equal("A minor", KeyProfiles.Estimate(ThemeFixtures.MinorChroma(9)).ToString());
    }

    [Fact]
    public void Traits_derive_percussive_share_and_levels_from_original_units()
    {
        // Mid-points of every anchor range: 120 BPM, −20 dBFS, centroid 1750 Hz, roll-off 3600 Hz.
        var t = new ThemeTraits(120, 0.1, 0.06, 0.02, 1750, 3600, ThemeFixtures.FlatChroma);
        Assert.Equal(0.25, t.PercussiveShare, 12);
        Assert.Equal(0.5, t.TempoLevel, 12);
        Assert.Equal(-20, t.RmsDb, 9);
        Assert.Equal(0.5, t.EnergyLevel, 9);
        Assert.Equal(0.5, t.BrightnessLevel, 12);
        Assert.Equal((0.25 - 0.12) / 0.33, t.PercussionLevel, 12);
        Assert.Equal(0, t.ModeLevel);   // flat chroma: no key
        Assert.Equal(1, new ThemeTraits(120, 0.1, 0.06, 0.02, 1750, 3600, ThemeFixtures.MajorChroma(3)).ModeLevel);
        Assert.Equal(-1, new ThemeTraits(120, 0.1, 0.06, 0.02, 1750, 3600, ThemeFixtures.MinorChroma(3)).ModeLevel);
        var silent = new ThemeTraits(double.NaN, 0, 0, 0, 0, 0, new double[12]);
        Assert.Equal(0, silent.PercussiveShare);
        Assert.Equal(0, silent.EnergyLevel);
    }

    [Fact]
    public void Opposite_centroids_get_opposite_moods_and_names()
    {
        var themes = ThemeRules.Describe([ThemeFixtures.Party, ThemeFixtures.Lament]);
        var party = themes[0];
        var lament = themes[1];
        Assert.InRange(party.Arousal, 0.6, 1.0);
        Assert.InRange(party.Valence, 0.5, 1.0);
        Assert.InRange(lament.Arousal, -1.0, -0.6);
        Assert.InRange(lament.Valence, -1.0, -0.5);
        Assert.Equal("Upbeat", party.NameEn);
        Assert.Equal("신나는 음악", party.NameKo);
        Assert.Equal("Melancholy", lament.NameEn);
        Assert.Contains("150 BPM", party.DescriptionEn);
        Assert.Contains("G major", party.DescriptionEn);
        Assert.Contains("단조", lament.DescriptionKo);
        Assert.Contains("drum-led", party.DescriptionEn);
        Assert.Contains(", loud,", party.DescriptionEn);
        Assert.Contains("음량 큼", party.DescriptionKo);
        Assert.NotEqual(party.Emoji, lament.Emoji);
        Assert.Equal([0, 1], themes.Select(t => t.ClusterId));
    }

    [Fact]
    public void Names_are_distinct_even_when_clusters_share_a_mood_cell()
    {
        var similar = new List<ThemeTraits>
        {
            new(150, 0.25, 0.10, 0.05, 3600, 7500, ThemeFixtures.MajorChroma(7)),
            new(150, 0.25, 0.10, 0.05, 3600, 7500, ThemeFixtures.MajorChroma(2)),   // another key, same traits
            new(145, 0.25, 0.10, 0.25, 3500, 7400, ThemeFixtures.MajorChroma(2)),   // far more percussive
            new(150, 0.25, 0.10, 0.05, 3600, 7500, ThemeFixtures.MajorChroma(7)),   // identical to the first
        };
        var themes = ThemeRules.Describe(similar);
        Assert.All(themes, t => Assert.StartsWith("Upbeat", t.NameEn));
        Assert.Equal(4, themes.Select(t => t.NameEn).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(4, themes.Select(t => t.NameKo).Distinct().Count());
        Assert.Equal("Upbeat (more drums)", themes[2].NameEn);
        var identical = ThemeRules.Describe([ThemeFixtures.Lament, ThemeFixtures.Lament, ThemeFixtures.Lament]);
        Assert.Equal(["Melancholy", "Melancholy 2", "Melancholy 3"], identical.Select(t => t.NameEn));

        var spread = ThemeRules.Describe(ThemeFixtures.Spread());
        Assert.Equal(9, spread.Select(t => t.NameEn).Distinct().Count());
        Assert.All(spread, t => { Assert.InRange(t.Valence, -1, 1); Assert.InRange(t.Arousal, -1, 1); });
    }

    [Fact]
    public void Operator_names_survive_reclustering_of_the_same_clusters_only()
    {
        var (raw, _) = SyntheticBlobs.Make(blobs: 4, perBlob: 30, dimensions: 5, separation: 5, seed: 8);
        var first = Model(raw, 4, seed: 1);
        var fresh = ThemeRules.Describe(Enumerable.Range(0, 4).Select(_ => ThemeFixtures.Party).ToList());
        var renamedCluster = 2;
        var previous = fresh.Select((t, c) => new PreviousTheme(first.Model.CentroidInOriginalUnits(c),
            c == renamedCluster ? t with { NameEn = "Sunday morning", NameKo = "일요일 아침", RenamedByOperator = true } : t)).ToList();

        // Re-cluster with a few more tracks and another seed: cluster ids may permute, the clusters stay.
        var more = raw.Concat(SyntheticBlobs.Make(blobs: 4, perBlob: 3, dimensions: 5, separation: 5, seed: 8).Points.Take(6)).ToList();
        var second = Model(more, 4, seed: 99);
        var carried = ThemeCarryOver.Apply(ThemeRules.Describe(Enumerable.Range(0, 4).Select(_ => ThemeFixtures.Party).ToList()), previous, second.Model);
        var target = second.Fit.Assignments[first.Fit.Assignments.ToList().IndexOf(renamedCluster)];
        Assert.Equal("Sunday morning", carried[target].NameEn);
        Assert.Equal("일요일 아침", carried[target].NameKo);
        Assert.True(carried[target].RenamedByOperator);
        Assert.Single(carried, t => t.RenamedByOperator);
        Assert.Equal(4, ThemeCarryOver.Match(previous.Select(p => p.CentroidOriginalUnits).ToList(), second.Model).Count);

        // With k = 2 blobs merge: only a new cluster with exactly an old cluster's members may match it.
        var merged = Model(raw, 2, seed: 1);
        var mergedMatches = ThemeCarryOver.Match(previous.Select(p => p.CentroidOriginalUnits).ToList(), merged.Model);
        Assert.True(mergedMatches.Count < 2);
        foreach (var (c, p) in mergedMatches)
            Assert.Equal(Enumerable.Range(0, raw.Count).Where(i => first.Fit.Assignments[i] == p),
                         Enumerable.Range(0, raw.Count).Where(i => merged.Fit.Assignments[i] == c));
    }

    [Fact]
    public void Automatic_names_yield_to_carried_operator_names()
    {
        var themes = ThemeRules.Describe([ThemeFixtures.Party, ThemeFixtures.Lament]).ToArray();
        themes[1] = themes[1] with { NameEn = "Upbeat", NameKo = "신나는 음악", RenamedByOperator = true };
        var distinct = ThemeRules.EnsureDistinct(themes);
        Assert.Equal("Upbeat", distinct[1].NameEn);
        Assert.Equal("Upbeat 2", distinct[0].NameEn);
    }

    private static (KMeansResult Fit, ClusterModel Model) Model(List<double[]> raw, int k, int seed)
    {
        var standardizer = Standardizer.Fit(raw);
        var fit = KMeans.Fit(standardizer.Transform(raw), k, new KMeansOptions { Seed = seed });
        return (fit, new ClusterModel(standardizer, fit.Centroids));
    }

    [Theory]
    [InlineData(MoodStrategy.Match)]
    [InlineData(MoodStrategy.Lift)]
    public void Every_emotion_yields_a_non_empty_theme_list(MoodStrategy strategy)
    {
        var catalogs = new[]
        {
            ThemeRules.Describe(ThemeFixtures.Spread()),
            ThemeRules.Describe([ThemeFixtures.Party, ThemeFixtures.Lament, ThemeFixtures.Spread()[4]]),
            ThemeRules.Describe([ThemeFixtures.Party, ThemeFixtures.Party]),   // a lopsided catalog
        };
        foreach (var themes in catalogs)
            foreach (var emotion in MoodMapping.Emotions)
            {
                var steps = MoodMapping.Map(emotion, strategy, themes);
                Assert.NotEmpty(steps);
                Assert.Equal(steps.Count, steps.Select(s => s.ClusterId).Distinct().Count());
                Assert.All(steps, s => Assert.Contains(themes, t => t.ClusterId == s.ClusterId));
            }
        Assert.NotEmpty(MoodMapping.Map("no-such-emotion", strategy, catalogs[0]));
        Assert.Empty(MoodMapping.Map("sad", strategy, []));
    }

    [Fact]
    public void Match_meets_the_mood_and_lift_moves_sad_toward_calm_then_brighter()
    {
        var themes = ThemeRules.Describe(ThemeFixtures.Spread());
        var sad = MoodMapping.Map("sad", MoodStrategy.Match, themes)[0].Theme;
        Assert.True(sad.Valence < -0.5 && sad.Arousal < 0, $"sad matched {sad.NameEn} ({sad.Valence}, {sad.Arousal})");
        var happy = MoodMapping.Map("HAPPY", MoodStrategy.Match, themes)[0].Theme;
        Assert.True(happy.Valence > 0.5 && happy.Arousal > 0, $"happy matched {happy.NameEn}");
        var angry = MoodMapping.Map("angry", MoodStrategy.Match, themes)[0].Theme;
        Assert.True(angry.Valence < 0 && angry.Arousal > 0.5, $"angry matched {angry.NameEn}");

        // Lift meets the mood (iso principle), settles in calm, then brightens (issue 12: every step its own region).
        var lift = MoodMapping.Map("sad", MoodStrategy.Lift, themes);
        Assert.Equal(3, lift.Count);
        Assert.Equal(sad.ClusterId, lift[0].ClusterId);
        Assert.True(lift[1].Theme.Arousal < 0 && lift[1].Theme.Valence > 0, "sad → calm");
        Assert.True(lift[^1].Theme.Valence > 0 && lift[^1].Theme.Arousal > 0, "then brighter");

        var match = MoodMapping.Map("anxious", MoodStrategy.Match, themes, count: 20);
        var ranked = MoodMapping.Rank("anxious", themes);
        Assert.Equal(9, ranked.Count);
        Assert.Equal(ranked.Select(s => s.Distance).OrderBy(d => d), ranked.Select(s => s.Distance));
        Assert.Equal(ranked.TakeWhile(s => s.Distance <= ranked[0].Distance + MoodMapping.MatchTolerance).Select(s => s.ClusterId),
            match.Select(s => s.ClusterId));
        Assert.InRange(match.Count, 1, 8);
    }

    [Fact]
    public void Match_leaves_out_a_theme_that_is_a_different_mood_but_shares_with_a_near_one()
    {
        // Three themes: one sad, one a little brighter but still sad, one cheerful. A sad user's match playlist
        // shares the two sad ones and leaves the cheerful one to the top-up.
        static Theme At(int id, double valence, double arousal) => new(id, $"t{id}", $"t{id}", "", "", "🎵", valence, arousal);
        Theme[] themes = [At(0, 0.4, 0.2), At(1, -0.6, -0.3), At(2, -0.45, -0.35)];
        Assert.Equal(new[] { 1, 2 }, MoodMapping.Map("sad", MoodStrategy.Match, themes).Select(s => s.ClusterId));
        Assert.Equal(new[] { 1, 2, 0 }, MoodMapping.Rank("sad", themes).Select(s => s.ClusterId));
        Assert.Equal(new[] { 0 }, MoodMapping.Map("happy", MoodStrategy.Match, themes).Select(s => s.ClusterId));
    }
}
