using System.Collections.Concurrent;

namespace TuneBot.Bot.Advice;

/// <summary>One catalog track of a clip's playlist: where the clip matched it, or null for a track that is there
/// because it is like the clip's song.</summary>
public sealed record ClipMatch(long TrackId, double? StartSeconds);

/// <summary>What is remembered of a recommended clip: its best track (drawn as the clip on the map), its theme and its ranking (for "More like this").</summary>
public sealed record RememberedClip(int RunId, long BestTrackId, int ClusterId, IReadOnlyList<ClipMatch> Ranking);

/// <summary>
/// A bounded in-memory table of recent clips, keyed by a short random id used in playlist anchors ("c.ID.offset").
/// Only the ranking is kept — never audio or features — and only in this process: after a restart an old "More like this"
/// or "🗺 Map" button answers NotFound / a map without the clip. Oldest entries go first.
/// </summary>
public sealed class ClipMemory(int capacity)
{
    private readonly ConcurrentDictionary<string, RememberedClip> _clips = new();
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Stores a clip and returns its id (8 hex digits).</summary>
    public string Remember(RememberedClip clip)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        _clips[id] = clip;
        _order.Enqueue(id);
        while (_clips.Count > Math.Max(1, capacity) && _order.TryDequeue(out var old)) _clips.TryRemove(old, out _);
        return id;
    }

    public RememberedClip? Find(string id) => _clips.GetValueOrDefault(id);
}
