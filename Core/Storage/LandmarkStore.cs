using Dapper;
using TuneBot.Core.Similarity.Fingerprints;

namespace TuneBot.Core.Storage;

/// <summary>A track whose stored landmarks are missing, of another <see cref="LandmarkSettings.Version"/>, or of other audio.</summary>
public sealed record TrackNeedingLandmarks(long TrackId, string ContentHash, string Path);

/// <summary>
/// The landmark fingerprints of the catalog's tracks (table track_landmarks, one row per track). A row counts only
/// while its content hash is the track's and its version is the current one; anything else is "missing" and ingest
/// recomputes it.
/// </summary>
public sealed class LandmarkStore(CatalogDatabase db)
{
    /// <summary>Stores (or replaces) one track's landmarks.</summary>
    public Task SaveAsync(long trackId, string contentHash, IReadOnlyList<Landmark> landmarks, CancellationToken ct = default) =>
        db.InTransactionAsync(async (conn, tx) =>
        {
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM track_landmarks WHERE track_id = @trackId", new { trackId }, tx, cancellationToken: ct));
            return await conn.ExecuteAsync(new CommandDefinition(
                "INSERT INTO track_landmarks (track_id, content_hash, version, landmark_count, landmarks) VALUES (@trackId, @contentHash, @version, @count, @data)",
                new { trackId, contentHash, version = LandmarkSettings.Version, count = landmarks.Count, data = LandmarkFingerprint.Encode(landmarks) },
                tx, cancellationToken: ct));
        }, ct);

    /// <summary>Every current row, decoded, by track id.</summary>
    public Task<IReadOnlyList<(long TrackId, Landmark[] Landmarks)>> ListCurrentAsync(CancellationToken ct = default) =>
        db.RunAsync<IReadOnlyList<(long, Landmark[])>>(async conn =>
            (await conn.QueryAsync<Row>(new CommandDefinition(
                "SELECT l.track_id AS TrackId, l.landmarks AS Data FROM track_landmarks l " +
                "JOIN tracks t ON t.id = l.track_id AND t.content_hash = l.content_hash WHERE l.version = @version ORDER BY l.track_id",
                new { version = LandmarkSettings.Version }, cancellationToken: ct)))
            .Select(r => (r.TrackId, LandmarkFingerprint.Decode(r.Data))).ToList(), ct);

    /// <summary>Tracks without a current row, by id.</summary>
    public Task<IReadOnlyList<TrackNeedingLandmarks>> ListMissingAsync(CancellationToken ct = default) =>
        db.RunAsync<IReadOnlyList<TrackNeedingLandmarks>>(async conn =>
            (await conn.QueryAsync<MissingRow>(new CommandDefinition(
                "SELECT t.id AS TrackId, t.content_hash AS ContentHash, t.path AS Path FROM tracks t " +
                "LEFT JOIN track_landmarks l ON l.track_id = t.id AND l.content_hash = t.content_hash AND l.version = @version " +
                "WHERE l.track_id IS NULL ORDER BY t.id", new { version = LandmarkSettings.Version }, cancellationToken: ct)))
            .Select(r => new TrackNeedingLandmarks(r.TrackId, r.ContentHash, r.Path)).ToList(), ct);

    /// <summary>Stored landmarks and their bytes, for size reports.</summary>
    public Task<(long Landmarks, long Bytes)> SizeAsync(CancellationToken ct = default) =>
        db.RunAsync(async conn =>
        {
            var r = await conn.QuerySingleAsync<SizeRow>(new CommandDefinition(
                "SELECT COALESCE(SUM(landmark_count), 0) AS Landmarks, COALESCE(SUM(LENGTH(landmarks)), 0) AS Bytes FROM track_landmarks",
                cancellationToken: ct));
            return (r.Landmarks, r.Bytes);
        }, ct);

    // Dapper row shapes; integers as long (SQLite returns Int64 for every integer).
    private sealed class Row
    {
        public long TrackId { get; set; }
        public byte[] Data { get; set; } = [];
    }

    private sealed class MissingRow
    {
        public long TrackId { get; set; }
        public string ContentHash { get; set; } = "";
        public string Path { get; set; } = "";
    }

    private sealed class SizeRow
    {
        public long Landmarks { get; set; }
        public long Bytes { get; set; }
    }
}
