using TuneBot.Core.Storage;
using TuneBot.Core.Features;
using TuneBot.Core.Similarity;
using TuneBot.Core.Similarity.Fingerprints;

namespace TuneBot.Core.Recommendation;

/// <summary>What the clip search needs: the DTW index, the window candidate stage and the clusters' searchable tracks.</summary>
internal sealed class ClipSearchIndex : IDisposable
{
    public required SearchIndex Index { get; init; }
    public required Dictionary<long, int> PositionOf { get; init; }
    /// <summary>Searchable track ids per cluster (-1: unplaced).</summary>
    public required Dictionary<int, List<long>> Members { get; init; }
    /// <summary>Window candidate stage over globally standardised raw frames (positions as in <see cref="Index"/>).</summary>
    public required WindowIndex Windows { get; init; }
    public required FrameStandardiser Standardiser { get; init; }
    /// <summary>The landmark identification stage (<see cref="LandmarkIdentification"/>); null when no track has landmarks.</summary>
    public LandmarkMatcher? Landmarks { get; init; }

    /// <summary>Null when no track has sequences of the current encoding.</summary>
    public static async Task<ClipSearchIndex?> LoadAsync(TrackStore store, IReadOnlyDictionary<long, CatalogTrack> tracks,
        IReadOnlyDictionary<long, int> clusterOf, RecommenderOptions options, CancellationToken ct)
    {
        var items = new List<(IndexedTrack, FrameSequence)>();
        var raws = new List<float[]>();
        const int d = SearchFrames.Dims;
        var sum = new double[d];
        var sumSq = new double[d];
        long frames = 0;
        foreach (var seq in await store.ListSequencesAsync(null, ct).ConfigureAwait(false))
        {
            var s = seq.Sequence;
            if (s.Encoding != SequenceEncoding.Version || s.Dims != d || s.Frames < 2 || !tracks.ContainsKey(seq.TrackId)) continue;
            var raw = s.Decode();
            var prepared = SearchFramePreparation.Prepare(raw, s.Frames, options.Normalisation, options.ChromaWeight);
            items.Add((new IndexedTrack(seq.TrackId, clusterOf.GetValueOrDefault(seq.TrackId, -1)), prepared));
            raws.Add(raw);
            for (int t = 0; t < s.Frames; t++)
                for (int k = 0; k < d; k++) { double v = raw[t * d + k]; sum[k] += v; sumSq[k] += v * v; }
            frames += s.Frames;
        }
        if (items.Count == 0) return null;
        var index = SearchIndex.Build(items, d, withWindowIndex: false);
        // The window candidate stage compares summary statistics (mean, std per dimension over 8 s windows every
        // 4 s) of the RAW frames standardised with catalog-wide statistics: a clip normalised on itself always
        // has mean 0 and std 1, so summaries of per-sequence-normalised frames cannot tell tracks apart.
        var mean = new float[d];
        var invStd = new float[d];
        for (int k = 0; k < d && frames > 0; k++)
        {
            double mu = sum[k] / frames;
            mean[k] = (float)mu;
            invStd[k] = (float)(1 / Math.Max(1e-6, Math.Sqrt(Math.Max(0, sumSq[k] / frames - mu * mu))));
        }
        var standardiser = new FrameStandardiser(mean, invStd);
        var windows = new WindowIndex(d, options.NormalisationWindowFrames, options.NormalisationWindowFrames / 2);
        for (int i = 0; i < items.Count; i++)
            windows.Add(i, standardiser.Apply(raws[i]), items[i].Item2.Frames);
        var positions = new Dictionary<long, int>();
        for (int i = 0; i < items.Count; i++) positions[items[i].Item1.TrackId] = i;
        var members = items.GroupBy(i => i.Item1.ClusterId).ToDictionary(g => g.Key, g => g.Select(i => i.Item1.TrackId).ToList());
        return new ClipSearchIndex
        {
            Index = index, PositionOf = positions, Members = members, Windows = windows, Standardiser = standardiser,
            Landmarks = await LandmarkIdentification.LoadAsync(store.Database, positions.Keys.ToHashSet(), ct).ConfigureAwait(false),
        };
    }

    public void Dispose() => Index.Dispose();
}
