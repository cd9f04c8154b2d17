using System.Data.Common;
using Dapper;

namespace TuneBot.Core.Storage;

/// <summary>
/// The catalog's tracks: metadata, summary vectors and compact sequences. Each write is one
/// transaction, so a track is either fully stored or absent. All methods throw
/// <see cref="CatalogUnavailableException"/> when the database cannot be reached.
/// </summary>
public sealed class TrackStore(CatalogDatabase db)
{
    private const string TrackColumns =
        "id AS Id, content_hash AS ContentHash, path AS Path, title AS Title, artist AS Artist, album AS Album, " +
        "duration_s AS DurationSeconds, analysed_at AS AnalysedAt";

    public CatalogDatabase Database => db;

    /// <summary>Number of tracks.</summary>
    public Task<long> CountAsync(CancellationToken ct = default) =>
        db.RunAsync(conn => conn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM tracks", cancellationToken: ct)), ct);

    /// <summary>
    /// The track count and the catalog revision, a counter that every insert, update or delete of a track raises
    /// (schema version 2): a cache of the catalog is current while both are unchanged.
    /// </summary>
    public Task<(long Tracks, long Revision)> GetRevisionAsync(CancellationToken ct = default) =>
        db.RunAsync(conn => conn.QuerySingleAsync<(long, long)>(new CommandDefinition(
            "SELECT (SELECT COUNT(*) FROM tracks), (SELECT revision FROM catalog_revision WHERE id = 1)", cancellationToken: ct)), ct);

    /// <summary>Total seconds of audio in the catalog.</summary>
    public Task<double> TotalDurationSecondsAsync(CancellationToken ct = default) =>
        db.RunAsync(async conn => await conn.ExecuteScalarAsync<double?>(new CommandDefinition("SELECT SUM(duration_s) FROM tracks", cancellationToken: ct)) ?? 0, ct);

    /// <summary>One track's metadata, or null.</summary>
    public Task<CatalogTrack?> GetAsync(long id, CancellationToken ct = default) =>
        db.RunAsync(async conn =>
        {
            var row = await conn.QuerySingleOrDefaultAsync<TrackRow>(new CommandDefinition(
                $"SELECT {TrackColumns} FROM tracks WHERE id = @id", new { id }, cancellationToken: ct));
            return row?.ToTrack();
        }, ct);

    /// <summary>The track with this content hash, or null.</summary>
    public Task<CatalogTrack?> FindByHashAsync(string contentHash, CancellationToken ct = default) =>
        db.RunAsync(async conn =>
        {
            var row = await conn.QuerySingleOrDefaultAsync<TrackRow>(new CommandDefinition(
                $"SELECT {TrackColumns} FROM tracks WHERE content_hash = @contentHash", new { contentHash }, cancellationToken: ct));
            return row?.ToTrack();
        }, ct);

    /// <summary>All tracks' metadata, by id.</summary>
    public Task<IReadOnlyList<CatalogTrack>> ListAsync(CancellationToken ct = default) =>
        db.RunAsync<IReadOnlyList<CatalogTrack>>(async conn =>
            (await conn.QueryAsync<TrackRow>(new CommandDefinition($"SELECT {TrackColumns} FROM tracks ORDER BY id", cancellationToken: ct)))
                .Select(r => r.ToTrack()).ToList(), ct);

    /// <summary>Every stored file's identity, size, mtime and analysis versions (what ingest plans with).</summary>
    public Task<IReadOnlyList<TrackFileState>> ListFileStatesAsync(CancellationToken ct = default) =>
        db.RunAsync<IReadOnlyList<TrackFileState>>(async conn =>
            (await conn.QueryAsync<FileStateRow>(new CommandDefinition(
                "SELECT t.id AS Id, t.content_hash AS ContentHash, t.path AS Path, t.file_size AS FileSize, " +
                "t.file_mtime_ms AS FileMtimeMs, t.summary_version AS SummaryVersion, t.summary_dims AS SummaryDims, " +
                "t.sequence_encoding AS SequenceEncoding " +
                "FROM tracks t ORDER BY t.id", cancellationToken: ct)))
            .Select(r => new TrackFileState(r.Id, r.ContentHash, r.Path, r.FileSize, r.FileMtimeMs,
                (int)r.SummaryVersion, (int)r.SummaryDims, (int)r.SequenceEncoding)).ToList(), ct);

    /// <summary>
    /// Stores an analysed track in one transaction: a new row when <paramref name="replaceId"/> is
    /// null, else overwriting that row (content changed in place or re-analysed under new versions; the id, and so
    /// references to it, are kept). Returns the track id.
    /// </summary>
    public Task<long> SaveAsync(AnalysedTrack t, long? replaceId = null, CancellationToken ct = default) =>
        db.InTransactionAsync(async (conn, tx) =>
        {
            var p = new
            {
                id = replaceId ?? 0,
                hash = t.ContentHash, path = t.Path, title = t.Title, artist = t.Artist, album = t.Album,
                duration = t.DurationSeconds, size = t.FileSize, mtime = t.FileMtimeMs,
                summary = VectorCodec.FromDoubles(t.Summary), summaryDims = t.Summary.Length, summaryVersion = t.SummaryVersion,
                sequence = t.Sequence.Data, frames = t.Sequence.Frames, dims = t.Sequence.Dims, encoding = t.Sequence.Encoding,
                at = DateTime.UtcNow,
            };
            long id;
            if (replaceId is null)
            {
                id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(db.Dialect.InsertReturningId(
                    "INSERT INTO tracks (content_hash, path, title, artist, album, duration_s, file_size, file_mtime_ms, " +
                    "summary, summary_dims, summary_version, sequence, sequence_frames, sequence_dims, sequence_encoding, analysed_at) " +
                    "VALUES (@hash, @path, @title, @artist, @album, @duration, @size, @mtime, @summary, @summaryDims, @summaryVersion, " +
                    "@sequence, @frames, @dims, @encoding, @at)"), p, tx, cancellationToken: ct));
            }
            else
            {
                id = replaceId.Value;
                int n = await conn.ExecuteAsync(new CommandDefinition(
                    "UPDATE tracks SET content_hash = @hash, path = @path, title = @title, artist = @artist, album = @album, " +
                    "duration_s = @duration, file_size = @size, file_mtime_ms = @mtime, summary = @summary, summary_dims = @summaryDims, " +
                    "summary_version = @summaryVersion, sequence = @sequence, sequence_frames = @frames, sequence_dims = @dims, " +
                    "sequence_encoding = @encoding, analysed_at = @at WHERE id = @id", p, tx, cancellationToken: ct));
                if (n == 0) throw new InvalidOperationException($"Track {id} to replace does not exist.");
            }
            return id;
        }, ct);

    /// <summary>Records that a stored track's file is now at <paramref name="path"/> (moved, renamed or touched).</summary>
    public Task<bool> UpdateFileAsync(long id, string path, long fileSize, long fileMtimeMs, CancellationToken ct = default) =>
        db.RunAsync(async conn => await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE tracks SET path = @path, file_size = @fileSize, file_mtime_ms = @fileMtimeMs WHERE id = @id",
            new { id, path, fileSize, fileMtimeMs }, cancellationToken: ct)) > 0, ct);

    /// <summary>Removes a track (its cluster assignments go with it).</summary>
    public Task<bool> DeleteAsync(long id, CancellationToken ct = default) =>
        db.InTransactionAsync(async (conn, tx) =>
        {
            // Explicit child deletes: SQLite enforces ON DELETE CASCADE only with foreign_keys on, which OpenAsync sets,
            // but this keeps the delete correct for any connection.
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM cluster_assignments WHERE track_id = @id", new { id }, tx, cancellationToken: ct));
            return await conn.ExecuteAsync(new CommandDefinition("DELETE FROM tracks WHERE id = @id", new { id }, tx, cancellationToken: ct)) > 0;
        }, ct);

    /// <summary>Every track's summary vector, by track id.</summary>
    public Task<IReadOnlyList<TrackSummaryVector>> ListSummariesAsync(CancellationToken ct = default) =>
        db.RunAsync<IReadOnlyList<TrackSummaryVector>>(async conn =>
            (await conn.QueryAsync<SummaryRow>(new CommandDefinition(
                "SELECT id AS Id, summary AS Summary, summary_version AS Version FROM tracks ORDER BY id", cancellationToken: ct)))
            .Select(r => new TrackSummaryVector(r.Id, VectorCodec.ToDoubles(r.Summary), (int)r.Version)).ToList(), ct);

    /// <summary>One track's compact sequence, or null.</summary>
    public async Task<TrackSequence?> GetSequenceAsync(long id, CancellationToken ct = default) =>
        (await ListSequencesAsync([id], ct)).FirstOrDefault();

    /// <summary>The compact sequences of the given tracks (all tracks when <paramref name="ids"/> is null), by id.</summary>
    public Task<IReadOnlyList<TrackSequence>> ListSequencesAsync(IReadOnlyCollection<long>? ids = null, CancellationToken ct = default) =>
        db.RunAsync<IReadOnlyList<TrackSequence>>(async conn =>
        {
            const string select = "SELECT id AS Id, duration_s AS DurationSeconds, sequence AS Sequence, sequence_frames AS Frames, " +
                                  "sequence_dims AS Dims, sequence_encoding AS Encoding FROM tracks";
            var result = new List<TrackSequence>();
            if (ids is null)
            {
                result.AddRange((await conn.QueryAsync<SequenceRow>(new CommandDefinition(select + " ORDER BY id", cancellationToken: ct))).Select(r => r.ToSequence()));
                return result;
            }
            // Chunked: SQLite binds a limited number of parameters (PostgreSQL takes one array, MySQL an inlined list).
            string where = " WHERE " + db.Dialect.IsIn("id", "@chunk");
            foreach (var chunk in ids.Distinct().Chunk(db.Dialect.MaxIdsPerQuery))
                result.AddRange((await conn.QueryAsync<SequenceRow>(new CommandDefinition(select + where, new { chunk }, cancellationToken: ct)))
                    .Select(r => r.ToSequence()));
            result.Sort((a, b) => a.TrackId.CompareTo(b.TrackId));
            return result;
        }, ct);

    // Dapper row shapes: integer columns as long because SQLite returns every integer as Int64 (Dapper widens the
    // Int32 that PostgreSQL and MySQL return for INT columns).
    private sealed class TrackRow
    {
        public long Id { get; set; }
        public string ContentHash { get; set; } = "";
        public string Path { get; set; } = "";
        public string Title { get; set; } = "";
        public string? Artist { get; set; }
        public string? Album { get; set; }
        public double DurationSeconds { get; set; }
        public DateTime AnalysedAt { get; set; }
        public CatalogTrack ToTrack() => new(Id, ContentHash, Path, Title, Artist, Album, DurationSeconds,
            DateTime.SpecifyKind(AnalysedAt.Kind == DateTimeKind.Local ? AnalysedAt.ToUniversalTime() : AnalysedAt, DateTimeKind.Utc));
    }

    private sealed class FileStateRow
    {
        public long Id { get; set; }
        public string ContentHash { get; set; } = "";
        public string Path { get; set; } = "";
        public long FileSize { get; set; }
        public long FileMtimeMs { get; set; }
        public long SummaryVersion { get; set; }
        public long SummaryDims { get; set; }
        public long SequenceEncoding { get; set; }
    }

    private sealed class SummaryRow
    {
        public long Id { get; set; }
        public byte[] Summary { get; set; } = [];
        public long Version { get; set; }
    }

    private sealed class SequenceRow
    {
        public long Id { get; set; }
        public double DurationSeconds { get; set; }
        public byte[] Sequence { get; set; } = [];
        public long Frames { get; set; }
        public long Dims { get; set; }
        public long Encoding { get; set; }
        public TrackSequence ToSequence() => new(Id, DurationSeconds, new CompactSequence((int)Frames, (int)Dims, (int)Encoding, Sequence));
    }
}
