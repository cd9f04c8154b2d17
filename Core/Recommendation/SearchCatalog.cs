using TuneBot.Core.Features;
using TuneBot.Core.Catalog;
using TuneBot.Core.Catalog.Clustering;
using TuneBot.Core.Similarity;
using TuneBot.Core.Similarity.Fingerprints;

namespace TuneBot.Core.Recommendation;

/// <summary>The catalog in memory: search index, metadata, clusters.</summary>
internal sealed class SearchCatalog : IDisposable
{
    public required CatalogVersion Version { get; init; }
    public required SearchIndex Index { get; init; }
    public required LiveClusters Clusters { get; init; }
    public required Dictionary<long, CatalogTrack> Metadata { get; init; }
    public required Dictionary<long, int> PositionOf { get; init; }
    public required Dictionary<int, List<long>> Members { get; init; }
    /// <summary>Window candidate stage over globally standardised raw frames (positions as in <see cref="Index"/>).</summary>
    public required WindowIndex Windows { get; init; }
    public required FrameStandardiser Standardiser { get; init; }
    /// <summary>The landmark identification stage (<see cref="LandmarkIdentification"/>); null when no track has landmarks.</summary>
    public LandmarkMatcher? Landmarks { get; init; }

    public static async Task<SearchCatalog> LoadAsync(CatalogDatabase db, CatalogVersion version, RecommenderOptions options, CancellationToken ct)
    {
        var tracks = new TrackStore(db);
        var clusterStore = new ClusterStore(db);
        var live = await LiveClusters.LoadAsync(clusterStore, ct) ?? throw new InvalidOperationException("The cluster run disappeared.");
        var assignments = (await clusterStore.GetAssignmentsAsync(live.Run.Id, ct)).ToDictionary(a => a.TrackId, a => a.ClusterId);
        var metadata = (await tracks.ListAsync(ct)).ToDictionary(t => t.Id);
        // Tracks ingested after the run have no assignment: place them by their summary, as a clip would be.
        var missing = metadata.Keys.Where(id => !assignments.ContainsKey(id)).ToHashSet();
        if (missing.Count > 0)
            foreach (var s in await tracks.ListSummariesAsync(ct))
                if (missing.Contains(s.TrackId) && s.Vector.Length == live.Run.Dims)
                    assignments[s.TrackId] = live.Model.Predict(s.Vector).Cluster;

        var items = new List<(IndexedTrack, FrameSequence)>();
        var raws = new List<float[]>();
        const int d = SearchFrames.Dims;
        var sum = new double[d];
        var sumSq = new double[d];
        long frames = 0;
        foreach (var seq in await tracks.ListSequencesAsync(null, ct))
        {
            var s = seq.Sequence;
            if (s.Encoding != SequenceEncoding.Version || s.Dims != d || s.Frames < 2 || !metadata.ContainsKey(seq.TrackId)) continue;
            var raw = s.Decode();
            var prepared = SearchFramePreparation.Prepare(raw, s.Frames, options.Normalisation, options.ChromaWeight, options.NormalisationWindowFrames);
            items.Add((new IndexedTrack(seq.TrackId, assignments.GetValueOrDefault(seq.TrackId, -1)), prepared));
            raws.Add(raw);
            for (int t = 0; t < s.Frames; t++)
                for (int k = 0; k < d; k++) { double v = raw[t * d + k]; sum[k] += v; sumSq[k] += v * v; }
            frames += s.Frames;
        }
        var index = SearchIndex.Build(items, d, withWindowIndex: false);
        // The window candidate stage compares summary statistics (mean, std per dimension over 8 s windows every
        // 4 s) of the RAW frames, standardised with catalog-wide statistics: summaries of per-sequence-normalised
        // frames are useless, since a clip normalised on itself always has mean 0 and std 1 (measured: window-vote
        // candidates found the true track for only 28% of 50 phone snippets that way).
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
        {
            var z = standardiser.Apply(raws[i]);
            windows.Add(i, z, items[i].Item2.Frames);
        }
        var members = items.GroupBy(i => i.Item1.ClusterId).ToDictionary(g => g.Key, g => g.Select(i => i.Item1.TrackId).ToList());
        var positions = new Dictionary<long, int>();
        for (int i = 0; i < items.Count; i++) positions[items[i].Item1.TrackId] = i;
        return new SearchCatalog
        {
            Version = version, Index = index, Clusters = live, Metadata = metadata, PositionOf = positions, Members = members,
            Windows = windows, Standardiser = standardiser,
            Landmarks = await LandmarkIdentification.LoadAsync(db, positions.Keys.ToHashSet(), ct),
        };
    }

    public void Dispose() => Index.Dispose();
}
