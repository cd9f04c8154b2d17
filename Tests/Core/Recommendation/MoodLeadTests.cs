using TuneBot.Core.Storage;
using TuneBot.Core.Recommendation;
using Xunit;

namespace TuneBot.Tests.Core.Recommendation;

/// <summary>
/// Which theme leads (and names) the angry and the anxious playlist on a catalog laid out like the demo one: one loud
/// theme ("Intense") straddles the angry/anxious border, and the few anxious-side tracks of the catalog come from it
/// and from a calm theme ("Easygoing"), a sad one and a happy one. Before, both moods led with Intense; a healing app
/// leads anxiety in with the calm theme's tracks and leaves angry its loud release (docs/mood.md).
/// </summary>
public class MoodLeadTests
{
    private const int Intense = 3, Easygoing = 1, Melancholy = 4, Cheerful = 6;

    private static readonly List<Theme> Themes =
    [
        new(Easygoing, "Easygoing", "편안한 음악", "", "", "🎧", 0.06, -0.13),
        new(Intense, "Intense", "격렬한 음악", "", "", "🔥", -0.17, 0.19),
        new(Melancholy, "Melancholy", "쓸쓸한 음악", "", "", "🌧️", -0.15, -0.24),
        new(Cheerful, "Cheerful", "밝은 음악", "", "", "☀️", 0.48, 0.16),
    ];

    private static List<MoodTrack> DemoLikeTracks()
    {
        var tracks = new List<MoodTrack>();
        long id = 1;
        void Add(int cluster, int count, double from, double step, double radius)
        {
            for (int i = 0; i < count; i++) tracks.Add(At(id++, cluster, from + i * step, radius));
        }
        Add(Intense, 10, 100, 3.5, 0.45);     // loud, fast, dark: the angry side
        Add(Intense, 4, 165, 4, 0.5);         // its darker tracks: the anxious side
        Add(Easygoing, 20, 280, 3.5, 0.4);    // calm
        Add(Easygoing, 3, 166, 4, 0.3);       // a few restless ones
        Add(Melancholy, 15, 190, 5, 0.5);
        Add(Melancholy, 2, 172, 3, 0.45);
        Add(Cheerful, 12, 10, 6, 0.5);
        Add(Cheerful, 1, 168, 0, 0.2);
        return tracks;
    }

    [Fact]
    public void Anxious_is_led_by_the_calm_theme_and_angry_by_the_loud_one_when_one_theme_straddles_their_border()
    {
        var tracks = DemoLikeTracks();
        var byId = tracks.ToDictionary(t => t.TrackId);
        double split = MoodMapping.AngrySplit(tracks);
        Assert.InRange(split, 140, 160);   // the layout is what it says: 10 tracks each side of the border

        var angry = MoodMapping.Playlist("angry", MoodStrategy.Match, Themes, tracks);
        var anxious = MoodMapping.Playlist("anxious", MoodStrategy.Match, Themes, tracks);

        Assert.Equal(Intense, angry.Theme!.ClusterId);
        Assert.Equal(Easygoing, anxious.Theme!.ClusterId);
        Assert.Equal(Easygoing, byId[anxious.TrackIds[0]].ClusterId);
        Assert.NotEqual(angry.Theme.ClusterId, anxious.Theme.ClusterId);
        // Only the lead moves: the anxious playlist is still the catalog's anxious music, none of it angry's.
        Assert.Equal(10, anxious.TrackIds.Count);
        Assert.All(anxious.TrackIds, t => Assert.Equal(Mood.Anxious, MoodMapping.RegionOf(byId[t].Valence, byId[t].Arousal, split)));
        Assert.Empty(angry.TrackIds.Intersect(anxious.TrackIds));
        // Within each theme the tracks stay nearest the anxious target first.
        var target = MoodMapping.Region(Mood.Anxious).Target;
        foreach (var group in anxious.TrackIds.GroupBy(t => byId[t].ClusterId))
        {
            var distances = group.Select(t => target.DistanceTo(byId[t].Valence, byId[t].Arousal)).ToList();
            Assert.Equal(distances.Order(), distances);
        }
    }

    [Fact]
    public void Anxious_is_led_by_its_least_aroused_theme_when_none_of_its_themes_is_calm()
    {
        var tracks = DemoLikeTracks().Where(t => t.ClusterId != Easygoing).ToList();
        var byId = tracks.ToDictionary(t => t.TrackId);
        var anxious = MoodMapping.Playlist("anxious", MoodStrategy.Match, Themes, tracks);

        // Melancholy's tracks sit lower on the plane than Intense's or the one anxious-side Cheerful track's theme.
        Assert.Equal(Melancholy, anxious.Theme!.ClusterId);
        Assert.Equal(Melancholy, byId[anxious.TrackIds[0]].ClusterId);
    }

    private static MoodTrack At(long id, int cluster, double degrees, double radius) =>
        new(id, cluster, radius * Math.Cos(degrees * Math.PI / 180), radius * Math.Sin(degrees * Math.PI / 180));
}
