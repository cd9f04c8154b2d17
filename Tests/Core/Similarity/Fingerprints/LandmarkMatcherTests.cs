using TuneBot.Core.Similarity.Fingerprints;
using Xunit;

namespace TuneBot.Tests.Core.Similarity.Fingerprints;

public class LandmarkMatcherTests
{
    private static readonly Lazy<(LandmarkMatcher Matcher, float[][] Songs)> Catalog = new(() =>
    {
        // Five 40 s songs, ids 101…105.
        var songs = Enumerable.Range(0, 5).Select(i => SyntheticMusic.Song(seed: 10 + i, seconds: 40)).ToArray();
        var index = LandmarkIndex.Build(songs.Select((s, i) => (101L + i, LandmarkFingerprint.Compute(s).ToArray())).ToList());
        return (new LandmarkMatcher(index), songs);
    });

    private static float[] Cut(float[] song, double startSeconds, double seconds) =>
        song.AsSpan((int)(startSeconds * SyntheticMusic.SampleRate), (int)(seconds * SyntheticMusic.SampleRate)).ToArray();

    [Theory]
    [InlineData(2, 12.3)]
    [InlineData(4, 25.01)]
    [InlineData(0, 0.5)]
    public void A_clip_cut_from_a_track_is_identified_at_its_offset(int song, double start)
    {
        var (matcher, songs) = Catalog.Value;
        var match = matcher.Match(LandmarkFingerprint.ComputeQuery(Cut(songs[song], start, 8)));
        Assert.NotNull(match);
        Assert.True(match.Confident, $"aligned {match.Aligned}, runner-up {match.RunnerUpAligned}");
        Assert.Equal(101L + song, match.TrackId);
        Assert.InRange(match.OffsetSeconds, start - 0.05, start + 0.05);
    }

    [Fact]
    public void A_noisy_5_s_clip_is_still_identified()
    {
        var (matcher, songs) = Catalog.Value;
        var clip = SyntheticMusic.WithNoise(Cut(songs[1], 17.2, 5), snrDb: 10, seed: 3);
        var match = matcher.Match(LandmarkFingerprint.ComputeQuery(clip));
        Assert.NotNull(match);
        Assert.True(match.Confident, $"aligned {match.Aligned}, runner-up {match.RunnerUpAligned}");
        Assert.Equal(102L, match.TrackId);
        Assert.InRange(match.OffsetSeconds, 17.15, 17.25);
    }

    [Fact]
    public void Noise_alone_and_a_song_the_catalog_lacks_are_not_identified()
    {
        var (matcher, _) = Catalog.Value;
        var noise = SyntheticMusic.Noise(seed: 5, 8 * SyntheticMusic.SampleRate, rms: 0.1);
        Assert.False(matcher.Match(LandmarkFingerprint.ComputeQuery(noise))?.Confident ?? false);
        var stranger = Cut(SyntheticMusic.Song(seed: 99, seconds: 20), 5, 8);
        Assert.False(matcher.Match(LandmarkFingerprint.ComputeQuery(stranger))?.Confident ?? false);
    }

    [Fact]
    public void An_excluded_track_is_not_named_even_for_its_own_clip()
    {
        var (matcher, songs) = Catalog.Value;
        var query = LandmarkFingerprint.ComputeQuery(Cut(songs[3], 10, 8));
        Assert.Equal(104L, matcher.Match(query)!.TrackId);
        var without = matcher.Match(query, excludeTrackId: 104);
        Assert.True(without is null || (without.TrackId != 104 && !without.Confident));
    }

    [Fact]
    public void Landmarks_round_trip_through_their_stored_form()
    {
        var landmarks = LandmarkFingerprint.Compute(Catalog.Value.Songs[0]);
        Assert.NotEmpty(landmarks);
        Assert.Equal(landmarks, LandmarkFingerprint.Decode(LandmarkFingerprint.Encode(landmarks)));
        Assert.All(landmarks, l => Assert.InRange(l.Hash, 0, (1 << LandmarkHasher.HashBits) - 1));
        Assert.Throws<FormatException>(() => LandmarkFingerprint.Decode(new byte[7]));
    }

    [Fact]
    public void Peaks_lie_in_the_phone_band_and_their_density_is_bounded()
    {
        var settings = LandmarkSettings.Default;
        var song = Catalog.Value.Songs[0];
        var spectrogram = TuneBot.Core.Features.Stft.Compute(song, LandmarkSettings.SampleRate, settings.NFft, settings.HopLength);
        var peaks = PeakPicker.Pick(spectrogram, settings);
        Assert.All(peaks, p => Assert.InRange(p.Bin + settings.MinBin, settings.MinBin, settings.MaxBin));
        double perSecond = peaks.Count / 40.0;
        // Each kept peak has fewer than 30 stronger ones within ± 21 frames (± 0.49 s), so no second-long stretch holds
        // more than about twice that.
        Assert.InRange(perSecond, 5, 62);
        // Silence has none.
        var silent = TuneBot.Core.Features.Stft.Compute(new float[22050], LandmarkSettings.SampleRate, settings.NFft, settings.HopLength);
        Assert.Empty(PeakPicker.Pick(silent, settings));
    }
}
