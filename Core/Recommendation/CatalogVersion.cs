using Dapper;
using TuneBot.Core.Catalog;

namespace TuneBot.Core.Recommendation;

/// <summary>What identifies the loaded catalog: track count, newest analysis time, newest cluster run.</summary>
internal sealed record CatalogVersion(long Tracks, long MaxTrackId, string? LastAnalysed, long? RunId)
{
    public static async Task<CatalogVersion> ReadAsync(CatalogDatabase db, CancellationToken ct)
    {
        var row = await db.RunAsync(conn => conn.QuerySingleAsync<(long N, long MaxId, string? Last)>(new CommandDefinition(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), CAST(MAX(analysed_at) AS TEXT) FROM tracks", cancellationToken: ct)), ct);
        var run = await new ClusterStore(db).GetLatestRunAsync(ct);
        return new CatalogVersion(row.N, row.MaxId, row.Last, run?.Id);
    }
}
