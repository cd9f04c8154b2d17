using TuneBot.Core.Storage;
using TuneBot.Core.Similarity;
using TuneBot.Core.Similarity.Fingerprints;

namespace TuneBot.Core.Recommendation;

/// <summary>
/// The identification stage in front of DTW: a clip whose landmarks line up confidently with one track
/// (<see cref="LandmarkMatcher"/>) names that song, and the DTW results are reordered to put it first (DTW still
/// gives its match position and ranks the tracks like it). Without a confident landmark match the DTW answer stands
/// unchanged. Tracks without current landmarks (not yet backfilled) can only be found by DTW.
/// </summary>
public static class LandmarkIdentification
{
    /// <summary>The landmark matcher over the searchable tracks, or null when none has landmarks.</summary>
    internal static async Task<LandmarkMatcher?> LoadAsync(CatalogDatabase db, IReadOnlySet<long> searchable, CancellationToken ct)
    {
        var rows = (await new LandmarkStore(db).ListCurrentAsync(ct)).Where(r => searchable.Contains(r.TrackId)).ToList();
        return rows.Count == 0 ? null : new LandmarkMatcher(LandmarkIndex.Build(rows));
    }

    /// <summary>Weaker landmark evidence (fewer aligned, a closer runner-up) still names the song when DTW
    /// independently ranks the same track among its first <see cref="CorroboratingRank"/>: two unrelated signals
    /// agreeing on one track out of the catalog (a looping tracker tune or an arrangement shared by two tracks of one
    /// soundtrack leaves a runner-up too close for the landmarks alone).</summary>
    public const int CorroboratingRank = 5;
    public const double CorroboratedRatio = 1.25;

    /// <summary>The track the landmarks name (alone, or corroborated by DTW's ranking), or null.</summary>
    public static long? Identified(LandmarkMatch? match, int minAligned, IReadOnlyList<SearchResult> found)
    {
        if (match is null) return null;
        if (match.Confident) return match.TrackId;
        bool plausible = match.Aligned >= minAligned && match.Aligned >= CorroboratedRatio * match.RunnerUpAligned;
        for (int i = 0; plausible && i < Math.Min(CorroboratingRank, found.Count); i++)
            if (found[i].TrackId == match.TrackId) return match.TrackId;
        return null;
    }

    /// <summary>DTW results with the identified track moved to the front (a stable reorder; nothing is dropped). When
    /// DTW ranked it below the results asked for, <paramref name="searchOne"/> gives its own DTW match.</summary>
    public static List<SearchResult> Promote(List<SearchResult> found, long? identified, Func<long, SearchResult?> searchOne)
    {
        if (identified is not long id) return found;
        int i = found.FindIndex(r => r.TrackId == id);
        if (i == 0) return found;
        var first = i > 0 ? found[i] : searchOne(id);
        if (first is null) return found;
        var reordered = new List<SearchResult>(found.Count + 1) { first.Value };
        reordered.AddRange(found.Where((_, j) => j != i));
        return reordered;
    }
}
