using TuneBot.Core.Storage;
using TuneBot.Core.Recommendation;
using Xunit;

namespace TuneBot.Tests.Core.Recommendation;

/// <summary>
/// Angry and anxious often fall in one theme (the demo catalog's "Intense" straddles the border). Each mood must
/// take that theme's tracks on its own side, then other themes' tracks on its side, before the theme's tracks on
/// the other mood's side: on the demo catalog the old order shared 4 of 10 tracks between the two playlists.
/// </summary>
public class MoodRegionSharingTests
{
    [Fact]
    public void Angry_and_anxious_share_no_track_when_one_theme_straddles_their_border()
    {
        const double split = 150;
        var tracks = new List<MoodTrack>();
        long id = 1;
        // Theme 0 ("Intense"): 7 tracks on the angry side, 5 on the anxious side.
        for (int i = 0; i < 7; i++) tracks.Add(At(id++, 0, 100 + i * 5));
        for (int i = 0; i < 5; i++) tracks.Add(At(id++, 0, 165 + i * 2));
        // Theme 1 (darker, mostly sad): 6 tracks just inside the anxious side, 10 sad ones.
        for (int i = 0; i < 6; i++) tracks.Add(At(id++, 1, 170 + i));
        for (int i = 0; i < 10; i++) tracks.Add(At(id++, 1, 200 + i * 5));
        // Theme 2 (loud, bright, mostly happy): 4 tracks on the angry side, 10 happy ones.
        for (int i = 0; i < 4; i++) tracks.Add(At(id++, 2, 95 + i * 3));
        for (int i = 0; i < 10; i++) tracks.Add(At(id++, 2, 20 + i * 5));
        Assert.InRange(MoodMapping.AngrySplit(tracks), split - 25, split + 25);

        var themes = new List<Theme>
        {
            new(0, "Intense", "격렬한 음악", "", "", "🔥", -0.3, 0.3),
            new(1, "Melancholy", "쓸쓸한 음악", "", "", "🌧️", -0.6, -0.3),
            new(2, "Upbeat", "신나는 음악", "", "", "🎉", 0.5, 0.4),
        };
        var angry = MoodMapping.Playlist("angry", MoodStrategy.Match, themes, tracks);
        var anxious = MoodMapping.Playlist("anxious", MoodStrategy.Match, themes, tracks);

        Assert.Equal(10, angry.TrackIds.Count);
        Assert.Equal(10, anxious.TrackIds.Count);
        Assert.Empty(angry.TrackIds.Intersect(anxious.TrackIds));
        double border = MoodMapping.AngrySplit(tracks);
        var byId = tracks.ToDictionary(t => t.TrackId);
        Assert.All(angry.TrackIds, t => Assert.Equal(Mood.Angry, MoodMapping.RegionOf(byId[t].Valence, byId[t].Arousal, border)));
        Assert.All(anxious.TrackIds, t => Assert.Equal(Mood.Anxious, MoodMapping.RegionOf(byId[t].Valence, byId[t].Arousal, border)));
    }

    private static MoodTrack At(long id, int cluster, double degrees, double radius = 0.5) =>
        new(id, cluster, radius * Math.Cos(degrees * Math.PI / 180), radius * Math.Sin(degrees * Math.PI / 180));
}
