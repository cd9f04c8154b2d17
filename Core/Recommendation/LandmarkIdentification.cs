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
internal static class LandmarkIdentification
{
    /// <summary>The landmark matcher over the searchable tracks, or null when none has landmarks.</summary>
    public static async Task<LandmarkMatcher?> LoadAsync(CatalogDatabase db, IReadOnlySet<long> searchable, CancellationToken ct)
    {
        var rows = (await new LandmarkStore(db).ListCurrentAsync(ct)).Where(r => searchable.Contains(r.TrackId)).ToList();
        return rows.Count == 0 ? null : new LandmarkMatcher(LandmarkIndex.Build(rows));
    }

    /// <summary>DTW results with the identified track moved to the front (a stable reorder; nothing is dropped). When
    /// DTW ranked it below the results asked for, <paramref name="searchOne"/> gives its own DTW match.</summary>
    public static List<SearchResult> Promote(List<SearchResult> found, LandmarkMatch? match, Func<long, SearchResult?> searchOne)
    {
        if (match is not { Confident: true }) return found;
        int i = found.FindIndex(r => r.TrackId == match.TrackId);
        if (i == 0) return found;
        var first = i > 0 ? found[i] : searchOne(match.TrackId);
        if (first is null) return found;
        var reordered = new List<SearchResult>(found.Count + 1) { first.Value };
        reordered.AddRange(found.Where((_, j) => j != i));
        return reordered;
    }
}
