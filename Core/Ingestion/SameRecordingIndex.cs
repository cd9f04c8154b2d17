using TuneBot.Core.Similarity;
using TuneBot.Core.Storage;

namespace TuneBot.Core.Ingestion;

/// <summary>
/// Finds a stored track that is the same recording as a newly analysed file (a re-encoded copy: MP3 of an OGG,
/// another bitrate), so ingest keeps one. Cheap steps first: durations within
/// <see cref="MaxDurationGapSeconds"/>, then the <see cref="Candidates"/> nearest summary vectors (Canberra
/// distance, scale-free across the summary's mixed units), confirmed by <see cref="RecordingDistance"/> on the
/// stored search sequences below <see cref="MaxDistance"/>. Only tracks whose file is still on disk count: a
/// library converted to MP3 with the originals deleted must keep the MP3s.
/// </summary>
public sealed class SameRecordingIndex
{
    /// <summary>Re-encoding keeps the length to within encoder padding (tens of milliseconds).</summary>
    public const double MaxDurationGapSeconds = 1.0;

    /// <summary>Stored sequences read per new track, at most.</summary>
    public const int Candidates = 3;

    /// <summary>
    /// Largest <see cref="RecordingDistance"/> of the same recording: re-encodes of the demo catalog measure
    /// 0.04–0.17, its nearest two different tracks 0.93 (docs/ingest.md); this sits between, with margin both ways.
    /// </summary>
    public const double MaxDistance = 0.35;

    private readonly TrackStore _store;
    private readonly Func<string, bool> _fileExists;
    private readonly Dictionary<long, Entry> _entries = [];

    private sealed record Entry(long Id, string Path, double DurationSeconds, double[] Summary, string Name);

    private SameRecordingIndex(TrackStore store, Func<string, bool> fileExists)
    {
        _store = store;
        _fileExists = fileExists;
    }

    /// <summary>Reads every stored track's duration and summary vector (not the sequences).</summary>
    public static async Task<SameRecordingIndex> LoadAsync(TrackStore store, Func<string, bool> fileExists, CancellationToken ct)
    {
        var index = new SameRecordingIndex(store, fileExists);
        var summaries = (await store.ListSummariesAsync(ct)).ToDictionary(s => s.TrackId, s => s.Vector);
        foreach (var t in await store.ListAsync(ct))
            if (summaries.TryGetValue(t.Id, out var v))
                index._entries[t.Id] = new Entry(t.Id, t.Path, t.DurationSeconds, v, t.DisplayName);
        return index;
    }

    /// <summary>Records a track stored (or re-analysed) in this run, so later files are compared with it too.</summary>
    public void Add(long id, AnalysedTrack t) =>
        _entries[id] = new Entry(id, t.Path, t.DurationSeconds, t.Summary, new CatalogTrack(id, t.ContentHash, t.Path, t.Title,
            t.Artist, t.Album, t.DurationSeconds, DateTime.UtcNow).DisplayName);

    /// <summary>The stored track that is the same recording as <paramref name="t"/>, or null.</summary>
    public async Task<(long Id, string Name, double Distance)?> FindAsync(AnalysedTrack t, CancellationToken ct)
    {
        var nearest = _entries.Values
            .Where(e => Math.Abs(e.DurationSeconds - t.DurationSeconds) <= MaxDurationGapSeconds && e.Summary.Length == t.Summary.Length)
            .OrderBy(e => Canberra(e.Summary, t.Summary))
            .Where(e => e.Path != t.Path && _fileExists(e.Path))
            .Take(Candidates)
            .ToList();
        if (nearest.Count == 0) return null;
        var mine = ToFrames(t.Sequence);
        (long Id, string Name, double Distance)? best = null;
        foreach (var stored in await _store.ListSequencesAsync(nearest.Select(e => e.Id).ToList(), ct))
        {
            // A sequence under an older encoding is re-analysed by this run before it can be compared.
            if (stored.Sequence.Encoding != SequenceEncoding.Version || mine is null) continue;
            double d = RecordingDistance.Between(mine, ToFrames(stored.Sequence)!);
            if (d <= MaxDistance && (best is null || d < best.Value.Distance))
                best = (stored.TrackId, _entries[stored.TrackId].Name, d);
        }
        return best;
    }

    private static FrameSequence? ToFrames(CompactSequence s) =>
        s.Encoding == SequenceEncoding.Version ? new FrameSequence(s.Decode(), s.Frames, s.Dims) : null;

    private static double Canberra(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double den = Math.Abs(a[i]) + Math.Abs(b[i]);
            if (den > 0) sum += Math.Abs(a[i] - b[i]) / den;
        }
        return sum;
    }
}
