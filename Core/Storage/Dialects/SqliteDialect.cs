using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace TuneBot.Core.Storage;

/// <summary>
/// An embedded SQLite file (Microsoft.Data.Sqlite over SQLitePCLRaw's bundled e_sqlite3): rollback journal
/// (DELETE), foreign keys on, a 30 s busy timeout. Ingest runs are made exclusive by a lock file, not a session lock
/// (IngestLock).
/// </summary>
/// <remarks>
/// Not WAL: WAL memory-maps a -shm file, and when a full or read-only filesystem cannot back a page of it the process
/// dies of SIGBUS with no log line. A rollback journal is written with ordinary writes, so the same fault is an
/// SQLITE_FULL/IOERR/READONLY error (CatalogUnavailableException); readers and one writer still share the file,
/// so the catalog tool runs beside the bot.
/// </remarks>
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
        await LeaveWalAsync(conn, ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var result = await migrate(tx);
        await tx.CommitAsync(ct);
        return result;
    }

    // WAL is a property of the file (earlier versions set it); DELETE is SQLite's default for every new connection,
    // so converting once is enough. Leaving WAL needs the file to itself: while another process holds it open the
    // pragma answers "wal" or BUSY, and a later start converts it.
    private static async Task LeaveWalAsync(DbConnection conn, CancellationToken ct)
    {
        try { await conn.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = DELETE;", cancellationToken: ct)); }
        catch (SqliteException e) when ((e.SqliteErrorCode & 0xFF) is 5 /*BUSY*/ or 6 /*LOCKED*/) { }
    }

    public override string SchemaVersionExistsSql =>
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";

    // julianday('now') carries milliseconds; 2440587.5 is the Unix epoch's Julian day.
    public override string NowMs => "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

    // A write transaction locks the whole file, so UPDATE … RETURNING is already an atomic claim.
    public override string SkipLocked => "";

    // A no-op on a rollback-journal file; folds a -wal file left by an older version that could not be converted yet.
    public override string CheckpointSql => "PRAGMA wal_checkpoint(TRUNCATE)";

    public override bool IsUnavailable(Exception e) => e is SqliteException se
        ? (se.SqliteErrorCode & 0xFF) is 8 /*READONLY*/ or 10 /*IOERR*/ or 11 /*CORRUPT*/ or 13 /*FULL*/ or 14 /*CANTOPEN*/
            or 26 /*NOTADB*/ or 23 /*AUTH*/
        : base.IsUnavailable(e);
}
