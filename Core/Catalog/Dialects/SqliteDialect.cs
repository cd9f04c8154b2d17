using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace TuneBot.Core.Catalog;

/// <summary>
/// An embedded SQLite file (Microsoft.Data.Sqlite over SQLitePCLRaw's bundled e_sqlite3): WAL journal, foreign
/// keys on, a 30 s busy timeout. Ingest runs are made exclusive by a lock file, not a session lock (IngestLock).
/// </summary>
internal sealed class SqliteDialect : CatalogDialect
{
    public static readonly SqliteDialect Instance = new();

    private static readonly Lazy<bool> NativeInit = new(() => { SQLitePCL.Batteries_V2.Init(); return true; });

    public override CatalogProvider Provider => CatalogProvider.Sqlite;

    public override CatalogConnection Resolve(string? connectionString)
    {
        var cs = string.IsNullOrWhiteSpace(connectionString) ? CatalogDatabase.DefaultSqlitePath : connectionString.Trim();
        var path = cs.Contains('=') ? new SqliteConnectionStringBuilder(cs).DataSource : cs;
        if (string.IsNullOrWhiteSpace(path) || path == ":memory:")
            throw new ArgumentException("The SQLite catalog needs a file path (an in-memory database would be lost).");
        path = Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy database until the command timeout runs out.
            DefaultTimeout = 30,
        };
        return new CatalogConnection(builder.ConnectionString, $"sqlite {path}", path);
    }

    public override DbConnection CreateConnection(CatalogConnection connection)
    {
        _ = NativeInit.Value;
        var dir = Path.GetDirectoryName(connection.FilePath!);
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        return new SqliteConnection(connection.ConnectionString);
    }

    public override Task PrepareAsync(DbConnection conn, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;", cancellationToken: ct));

    // Microsoft.Data.Sqlite begins an immediate transaction (BEGIN IMMEDIATE): it takes the write lock at once,
    // so a second process migrating waits on the busy timeout and then sees the migrated schema.
    public override async Task<T> RunExclusiveMigrationAsync<T>(DbConnection conn, Func<DbTransaction, Task<T>> migrate, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: ct));
        await using var tx = await conn.BeginTransactionAsync(ct);
        var result = await migrate(tx);
        await tx.CommitAsync(ct);
        return result;
    }

    public override string SchemaVersionExistsSql =>
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";

    // julianday('now') carries milliseconds; 2440587.5 is the Unix epoch's Julian day.
    public override string NowMs => "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

    // A write transaction locks the whole file, so UPDATE … RETURNING is already an atomic claim.
    public override string SkipLocked => "";

    public override string CheckpointSql => "PRAGMA wal_checkpoint(TRUNCATE)";

    public override bool IsUnavailable(Exception e) => e is SqliteException se
        ? (se.SqliteErrorCode & 0xFF) is 8 /*READONLY*/ or 10 /*IOERR*/ or 11 /*CORRUPT*/ or 13 /*FULL*/ or 14 /*CANTOPEN*/
            or 26 /*NOTADB*/ or 23 /*AUTH*/
        : base.IsUnavailable(e);
}
