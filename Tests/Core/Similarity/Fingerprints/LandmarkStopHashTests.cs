using TuneBot.Core.Similarity.Fingerprints;
using Xunit;

namespace TuneBot.Tests.Core.Similarity.Fingerprints;

public class LandmarkStopHashTests
{
    // Three tracks: hash 7 in 150 frames of each (a pair nearly every track has), hash 11 once in each, hash 9 in track 102 only.
    private static readonly List<(long TrackId, Landmark[] Landmarks)> Tracks = Enumerable.Range(0, 3).Select(t => (100L + t,
        Enumerable.Range(0, 150).Select(f => new Landmark(7, f)).Append(new Landmark(11, 40))
            .Concat(t == 2 ? [new Landmark(9, 12)] : []).ToArray())).ToList();

    [Fact]
    public void A_hash_held_more_often_than_the_limit_is_left_out_and_the_rest_kept()
    {
        var index = LandmarkIndex.Build(Tracks);   // 450 entries of hash 7 > max(200, 1.5 × 3)
        Assert.Equal(1, index.StopHashes);
        Assert.True(index.Entries(7).IsEmpty);
        Assert.Equal(1, index.Entries(9).Length);
        Assert.Equal(3, index.Entries(11).Length);
        Assert.Equal(4, index.LandmarkCount);
    }

    [Fact]
    public void The_limit_can_be_lifted_or_lowered()
    {
        var all = LandmarkIndex.Build(Tracks, maxEntriesPerHash: int.MaxValue);
        Assert.Equal(0, all.StopHashes);
        Assert.Equal(450, all.Entries(7).Length);
        var strict = LandmarkIndex.Build(Tracks, maxEntriesPerHash: 2);
        Assert.Equal(2, strict.StopHashes);
        Assert.Equal(1, strict.Entries(9).Length);
        Assert.True(strict.Entries(11).IsEmpty);
    }

    [Fact]
    public void Votes_of_stop_hashes_no_longer_decide_the_match()
    {
        // The query holds hash 7 at 150 frames (which would give every track 150 aligned votes) and track 102's hash 9.
        var query = Enumerable.Range(0, 150).Select(f => new Landmark(7, f)).Append(new Landmark(9, 12)).ToList();
        var match = new LandmarkMatcher(LandmarkIndex.Build(Tracks)).Match(query);
        Assert.NotNull(match);
        Assert.Equal(102L, match.TrackId);
        Assert.Equal(0, match.RunnerUpAligned);
    }
}
