using TuneBot.Core.Similarity.Fingerprints;
using Xunit;

namespace TuneBot.Tests.Core.Similarity.Fingerprints;

/// <summary>The matcher scores only the tracks that can still matter; its answer must be the one of scoring every
/// (track, offset) vote, which <see cref="ScoreEverything"/> does the plain way.</summary>
public class LandmarkVoteCountingTests
{
    private static (long TrackId, int Aligned, int Offset, int RunnerUp) ScoreEverything(
        IReadOnlyList<(long TrackId, Landmark[] Landmarks)> tracks, IReadOnlyList<Landmark> query, long? excluded)
    {
        var scores = new List<(long TrackId, int Position, int Score, int Offset)>();
        for (int p = 0; p < tracks.Count; p++)
        {
            if (tracks[p].TrackId == excluded) continue;
            var votes = new Dictionary<int, int>();
            foreach (var q in query)
                foreach (var l in tracks[p].Landmarks)
                    if (l.Hash == q.Hash) votes[l.Frame - q.Frame] = votes.GetValueOrDefault(l.Frame - q.Frame) + 1;
            if (votes.Count == 0) continue;
            var best = votes.Keys.Order()
                .Select(o => (Score: votes[o] + Math.Max(votes.GetValueOrDefault(o - 1), votes.GetValueOrDefault(o + 1)), Offset: o))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Offset).First();
            scores.Add((tracks[p].TrackId, p, best.Score, best.Offset));
        }
        var ranked = scores.OrderByDescending(s => s.Score).ThenBy(s => s.Position).ToList();
        return (ranked[0].TrackId, ranked[0].Score, Math.Max(0, ranked[0].Offset),   // OffsetSeconds: where the clip starts, ≥ 0
             ranked.Count > 1 ? ranked[1].Score : 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_best_track_offset_and_runner_up_are_those_of_scoring_every_vote(int seed)
    {
        // Few distinct hashes and short tracks: many chance votes, ties in raw counts and in scores.
        var random = new Random(seed);
        var tracks = Enumerable.Range(0, 40).Select(t => (TrackId: 1000L + t, Landmarks: Enumerable.Range(0, random.Next(0, 300))
            .Select(_ => new Landmark(random.Next(0, 64), random.Next(0, 400))).ToArray())).ToList();
        var matcher = new LandmarkMatcher(LandmarkIndex.Build(tracks, maxEntriesPerHash: int.MaxValue));
        for (int trial = 0; trial < 25; trial++)
        {
            var source = tracks[random.Next(tracks.Count)].Landmarks;
            int shift = random.Next(0, 200);
            var query = source.Where(_ => random.NextDouble() < 0.3).Where(l => l.Frame >= shift).Select(l => l with { Frame = l.Frame - shift })
                .Concat(Enumerable.Range(0, 20).Select(_ => new Landmark(random.Next(0, 64), random.Next(0, 200)))).ToList();
            long? excluded = trial % 3 == 0 ? tracks[random.Next(tracks.Count)].TrackId : null;
            var expected = ScoreEverything(tracks, query, excluded);
            var match = matcher.Match(query, excluded);
            Assert.NotNull(match);
            Assert.Equal(expected, (match.TrackId, match.Aligned, (int)Math.Round(match.OffsetSeconds / LandmarkSettings.Default.FrameSeconds), match.RunnerUpAligned));
        }
    }
}
