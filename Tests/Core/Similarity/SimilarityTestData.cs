using TuneBot.Core.Similarity;

namespace TuneBot.Tests.Core.Similarity;

internal static class SimilarityTestData
{
    /// <summary>A d-dimensional Gaussian random walk of the given length.</summary>
    public static FrameSequence RandomWalk(Random rng, int frames, int dims, double step = 1.0)
    {
        var data = new float[frames * dims];
        var pos = new double[dims];
        for (int k = 0; k < dims; k++) pos[k] = Gaussian(rng) * 3;
        for (int t = 0; t < frames; t++)
            for (int k = 0; k < dims; k++)
            {
                pos[k] += Gaussian(rng) * step;
                data[t * dims + k] = (float)pos[k];
            }
        return new FrameSequence(data, frames, dims);
    }

    /// <summary>Frames [start, start + count) of a sequence plus Gaussian noise of the given deviation.</summary>
    public static FrameSequence NoisyCut(Random rng, FrameSequence source, int start, int count, double noise)
    {
        var cut = source.Slice(start, count);
        for (int i = 0; i < cut.Data.Length; i++) cut.Data[i] += (float)(Gaussian(rng) * noise);
        return cut;
    }

    public static double Gaussian(Random rng)
        => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>Exhaustive top N: the reference DP per track, sorted by cost then track id.</summary>
    public static List<(long Id, DtwMatch Match)> BruteForceTopN(IReadOnlyList<(IndexedTrack Track, FrameSequence Sequence)> catalog,
        Func<FrameSequence, DtwMatch> match, int topN)
        => catalog.Select(c => (c.Track.TrackId, Match: match(c.Sequence)))
            .Where(x => x.Match.Found)
            .OrderBy(x => x.Match.Cost).ThenBy(x => x.TrackId)
            .Take(topN).ToList();
}
