using Microsoft.Extensions.DependencyInjection;
using TuneBot.Bot.Ports;
using TuneBot.Core.Storage;
using TuneBot.Core.Recommendation;
using Xunit;
using Xunit.Abstractions;
using CoreStrategy = TuneBot.Core.Recommendation.MoodStrategy;
using PortStrategy = TuneBot.Bot.Ports.MoodStrategy;
using CatalogTheme = TuneBot.Core.Storage.Theme;

namespace TuneBot.Tests.Bot.Advice;

/// <summary>
/// Issue 12, "each mood its own music": the real advisor over a generated catalog with one cluster per mood
/// region (<see cref="MoodCatalog"/>). Before the fix calm ("neutral") took the theme nearest the origin — the
/// anxious one here — and angry and anxious could share a theme.
/// </summary>
public sealed class MoodPlaylistTests(MoodCatalog catalog, ITestOutputHelper output) : IClassFixture<MoodCatalog>
{
    // The bot's labels for the five answers: "neutral" is the 😌 calm button.
    private static readonly (string Label, Mood Mood)[] Answers =
        [("happy", Mood.Happy), ("sad", Mood.Sad), ("angry", Mood.Angry), ("anxious", Mood.Anxious), ("neutral", Mood.Calm)];

    private async Task<Playlist> PlaylistAsync(ServiceProvider sp, string label, PortStrategy strategy)
    {
        var advice = await sp.GetRequiredService<IMusicAdvisor>().PlaylistForMoodAsync(label, strategy);
        Assert.True(advice.Succeeded, $"{label} {strategy}: {advice.Detail}");
        Assert.Equal(10, advice.Value!.Tracks.Count);
        return advice.Value;
    }

    private double Split => MoodMapping.AngrySplit(catalog.PointOf.Select(p => new MoodTrack(p.Key, 0, p.Value.Valence, p.Value.Arousal)));

    private (double V, double A) Mean(Playlist p) =>
        (p.Tracks.Average(t => catalog.PointOf[t.TrackId].Valence), p.Tracks.Average(t => catalog.PointOf[t.TrackId].Arousal));

    [Fact]
    public void The_generated_clusters_are_the_five_families_and_each_theme_lies_in_its_moods_region()
    {
        foreach (var group in catalog.ClusterOf.GroupBy(p => p.Value))
        {
            var families = group.Select(p => catalog.FamilyOf[p.Key]).Distinct().ToList();
            Assert.Single(families);
            var theme = catalog.Themes.Single(t => t.ClusterId == group.Key);
            Assert.Equal(families[0], MoodMapping.RegionOf(theme.Valence, theme.Arousal));
        }
    }

    [Fact]
    public async Task Each_moods_match_playlist_is_its_own_music_on_its_side_of_the_plane()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString);
        var playlists = new Dictionary<Mood, Playlist>();
        foreach (var (label, mood) in Answers)
        {
            var p = await PlaylistAsync(sp, label, PortStrategy.Match);
            playlists[mood] = p;
            var (v, a) = Mean(p);
            output.WriteLine($"{label,-8} {p.Theme.Emoji} {p.Theme.Name,-22} mean valence {v:+0.00;-0.00} arousal {a:+0.00;-0.00}");
            Assert.Equal(mood, MoodMapping.RegionOf(v, a, Split));
            Assert.Equal(mood, MoodMapping.RegionOf(v, a));   // and on the fixed 135° border too
            // The generated families are the ground truth: every track of a match playlist is the mood's own music.
            Assert.All(p.Tracks, t => Assert.Equal(mood, catalog.FamilyOf[t.TrackId]));
        }
        // Calm comes from calm themes (the one the name grid calls "Calm").
        var calm = playlists[Mood.Calm];
        Assert.StartsWith("Calm", calm.Theme.Name);
        Assert.All(calm.Tracks, t =>
        {
            var theme = catalog.Themes.Single(x => x.ClusterId == catalog.ClusterOf[t.TrackId]);
            Assert.Equal(Mood.Calm, MoodMapping.RegionOf(theme.Valence, theme.Arousal));
        });
        foreach (var x in playlists)
            foreach (var y in playlists.Where(y => y.Key > x.Key))
            {
                int shared = x.Value.Tracks.Select(t => t.TrackId).Intersect(y.Value.Tracks.Select(t => t.TrackId)).Count();
                output.WriteLine($"{x.Key} ∩ {y.Key}: {shared}");
                Assert.True(shared <= 2, $"{x.Key} and {y.Key} share {shared} of 10 tracks");
            }
    }

    [Fact]
    public async Task Each_moods_lift_playlist_starts_in_its_own_region_and_ends_pleasant()
    {
        using var sp = AdviceTestServices.Build(catalog.ConnectionString);
        var openings = new Dictionary<Mood, long[]>();
        foreach (var (label, mood) in Answers)
        {
            var p = await PlaylistAsync(sp, label, PortStrategy.Lift);
            var path = MoodMapping.Path(label, CoreStrategy.Lift);
            Assert.Equal(mood, path[0].Mood);
            // Meet the mood first (iso principle), finish on the pleasant side.
            Assert.Equal(mood, catalog.FamilyOf[p.Tracks[0].TrackId]);
            var last = catalog.PointOf[p.Tracks[^1].TrackId];
            Assert.True(last.Valence > 0, $"{label} lift ends at valence {last.Valence:F2}");
            openings[mood] = p.Tracks.Take(3).Select(t => t.TrackId).ToArray();
            output.WriteLine($"{label,-8} lift: {string.Join(" → ", p.Tracks.Select(t => catalog.FamilyOf[t.TrackId]))}");
        }
        Assert.Equal(openings.Count, openings.Values.Select(o => string.Join(",", o)).Distinct().Count());
    }

    [Fact]
    public void A_region_without_a_theme_of_its_own_takes_the_tracks_that_lie_in_it()
    {
        // Three themes, none calm; two tracks of the "happy" theme are themselves calm. Calm gets those two first,
        // not the theme nearest the middle.
        static CatalogTheme At(int id, double v, double a) => new(id, $"t{id}", $"t{id}", "", "", "🎵", v, a);
        CatalogTheme[] themes = [At(0, 0.5, 0.4), At(1, -0.5, -0.4), At(2, -0.3, 0.6)];
        MoodTrack[] tracks =
        [
            new(1, 0, 0.6, 0.5), new(2, 0, 0.4, 0.3), new(3, 0, 0.3, -0.3), new(4, 0, 0.2, -0.1),
            new(5, 1, -0.6, -0.5), new(6, 1, -0.4, -0.2), new(7, 2, -0.2, 0.5), new(8, 2, -0.4, 0.7),
        ];
        var calm = MoodMapping.Playlist("neutral", CoreStrategy.Match, themes, tracks, length: 4);
        Assert.Equal(Mood.Calm, calm.Mood);
        Assert.Equal(new long[] { 3, 4 }, calm.TrackIds.Take(2));
        var angry = MoodMapping.Playlist("angry", CoreStrategy.Match, themes, tracks, length: 2);
        Assert.Equal(new long[] { 8, 7 }, angry.TrackIds);
    }

    [Fact]
    public void Angry_and_anxious_split_a_catalogs_unpleasant_aroused_music_in_half()
    {
        // Loud, fast, minor tracks at 136°–140° (as on a real-audio catalog) and darker ones at 160°–170°: a fixed
        // 135° border left angry nothing of its own.
        CatalogTheme[] themes = [new(0, "Intense", "격렬한 음악", "", "", "🔥", -0.42, 0.39), new(1, "Moody", "울적한 음악", "", "", "🌫️", -0.55, 0.12)];
        var tracks = Enumerable.Range(0, 10).Select(i => new MoodTrack(i, 0, -0.42 - 0.01 * i, 0.40))
            .Concat(Enumerable.Range(10, 10).Select(i => new MoodTrack(i, 1, -0.6, 0.12 + 0.005 * i))).ToList();
        double split = MoodMapping.AngrySplit(tracks);
        Assert.InRange(split, 140, 160);
        var angry = MoodMapping.Playlist("angry", CoreStrategy.Match, themes, tracks);
        var anxious = MoodMapping.Playlist("anxious", CoreStrategy.Match, themes, tracks);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i).Order(), angry.TrackIds.Order());
        Assert.Empty(angry.TrackIds.Intersect(anxious.TrackIds));
        Assert.Equal("Intense", angry.Theme!.NameEn);
        Assert.Equal("Moody", anxious.Theme!.NameEn);
    }

    [Theory]
    [InlineData(0.5, 0.5, Mood.Happy)]
    [InlineData(-0.2, 0.8, Mood.Angry)]
    [InlineData(-0.8, 0.2, Mood.Anxious)]
    [InlineData(-0.5, -0.5, Mood.Sad)]
    [InlineData(0.5, -0.5, Mood.Calm)]
    [InlineData(0, 0, Mood.Calm)]
    public void The_regions_cut_the_plane_by_angle(double valence, double arousal, Mood expected) =>
        Assert.Equal(expected, MoodMapping.RegionOf(valence, arousal));
}
