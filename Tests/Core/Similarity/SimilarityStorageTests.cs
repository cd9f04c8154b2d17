using TuneBot.Core.Similarity;
using Xunit;
using static TuneBot.Tests.Core.Similarity.SimilarityTestData;

namespace TuneBot.Tests.Core.Similarity;

public class SimilarityStorageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tunebot-similarity-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void QuantizedFileRoundTripsWithinHalfAStep()
    {
        var rng = new Random(1);
        var seqs = Enumerable.Range(0, 12).Select(i => RandomWalk(rng, rng.Next(0, 300), 7)).ToList();
        seqs.Add(new FrameSequence(Enumerable.Repeat(2.5f, 7 * 10).ToArray(), 10, 7));   // constant: step 0
        string path = Path.Combine(_dir, "seq.bin");
        using (var w = new QuantizedSequenceFile.Writer(path, 7))
        {
            foreach (var s in seqs) w.Append(s);
            w.Finish();
        }
        using var file = QuantizedSequenceFile.Open(path);
        Assert.Equal(seqs.Count, file.Count);
        Assert.Equal(7, file.Dims);
        float[] scratch = [];
        for (int i = 0; i < seqs.Count; i++)
        {
            Assert.Equal(seqs[i].Frames, file.FrameCount(i));
            var decoded = file.Read(i, ref scratch).ToArray();
            Assert.Equal(seqs[i].Data.Length, decoded.Length);
            for (int k = 0; k < 7; k++)
            {
                float min = float.MaxValue, max = float.MinValue;
                for (int t = 0; t < seqs[i].Frames; t++) { min = Math.Min(min, seqs[i].Data[t * 7 + k]); max = Math.Max(max, seqs[i].Data[t * 7 + k]); }
                float halfStep = (max - min) / 255f / 2 + 1e-4f;
                for (int t = 0; t < seqs[i].Frames; t++)
                    Assert.InRange(decoded[t * 7 + k] - seqs[i].Data[t * 7 + k], -halfStep, halfStep);
            }
        }
    }

    [Fact]
    public void ADamagedOrForeignFileIsRefusedWithInvalidData()
    {
        string foreign = Path.Combine(_dir, "foreign.bin");
        File.WriteAllBytes(foreign, new byte[100]);
        Assert.Throws<InvalidDataException>(() => QuantizedSequenceFile.Open(foreign));
        string path = Path.Combine(_dir, "ok.bin");
        using (var w = new QuantizedSequenceFile.Writer(path, 3)) { w.Append(RandomWalk(new Random(2), 50, 3)); w.Finish(); }
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        Assert.Throws<InvalidDataException>(() => QuantizedSequenceFile.Open(path));
    }

    [Fact]
    public void SearchOverTheQuantizedFileFindsTheSourceTrackAndPosition()
    {
        var rng = new Random(4);
        var catalog = Enumerable.Range(0, 20).Select(i => (new IndexedTrack(i, 0), RandomWalk(rng, 200, 12))).ToList();
        string path = Path.Combine(_dir, "cat.bin");
        using (var w = new QuantizedSequenceFile.Writer(path, 12)) { foreach (var (_, s) in catalog) w.Append(s); w.Finish(); }
        using var index = new SearchIndex(catalog.Select(c => c.Item1).ToList(), QuantizedSequenceFile.Open(path));
        var query = NoisyCut(rng, catalog[13].Item2, 77, 40, 0.3);
        var r = index.Search(query, 3, null, new SearchOptions { UseWindowIndex = false });
        Assert.Equal(13, r.Results[0].TrackId);
        Assert.InRange(r.Results[0].MatchStartFrame, 75, 79);
    }

    [Fact]
    public void WindowIndexShortlistsTheTrackAClipWasCutFrom()
    {
        var rng = new Random(6);
        var catalog = Enumerable.Range(0, 200).Select(i => (new IndexedTrack(i, i % 5), RandomWalk(rng, rng.Next(300, 600), 16))).ToList();
        var index = SearchIndex.Build(catalog, 16, withWindowIndex: true, windowFrames: 86, hopFrames: 43);
        Assert.Equal(catalog.Sum(c => index.Windows!.Windows(c.Item2.Frames).Count()), index.Windows!.Count);
        int found = 0;
        for (int q = 0; q < 20; q++)
        {
            int src = rng.Next(catalog.Count);
            var query = NoisyCut(rng, catalog[src].Item2, rng.Next(0, 200), 86, 0.3);
            var candidates = index.Windows.CandidateTracks(query, 20, 10);
            Assert.True(candidates.Count <= 10);
            Assert.Equal(candidates.Count, candidates.Distinct().Count());
            if (candidates.Contains(src)) found++;
            var allowed = catalog.Select(c => c.Item1.ClusterId == 2).ToArray();
            Assert.All(index.Windows.CandidateTracks(query, 20, 10, allowed, parallelism: 2), t => Assert.Equal(2, catalog[t].Item1.ClusterId));
        }
        Assert.True(found >= 18, $"source shortlisted for {found}/20 clips");
    }

    [Fact]
    public void WindowsCoverTheWholeSequence()
    {
        var wi = new WindowIndex(2, windowFrames: 10, hopFrames: 4);
        Assert.Equal([(0, 10), (4, 10), (8, 10), (11, 10)], wi.Windows(21).ToList());
        Assert.Equal([(0, 7)], wi.Windows(7).ToList());
        Assert.Empty(wi.Windows(0));
    }
}
