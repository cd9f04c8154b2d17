using System.Data;
using System.Data.Common;
using System.Net.Sockets;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TuneBot.Core.Catalog;

/// <summary>
/// The catalog's database: a provider (<see cref="CatalogProvider"/>) plus a connection string. Opens Dapper-ready
/// ADO.NET connections and applies the versioned schema migrations (<see cref="MigrateAsync"/>). Every failure to
/// reach or open the database surfaces as <see cref="CatalogUnavailableException"/>.
/// </summary>
public sealed class CatalogDatabase
{
    /// <summary>The SQLite file used when nothing is configured, relative to the working directory.</summary>
    public const string DefaultSqlitePath = "data/tunebot.db";

    private static readonly Lazy<bool> SqliteNativeInit = new(() => { SQLitePCL.Batteries_V2.Init(); return true; });

    private CatalogDatabase(CatalogProvider provider, string connectionString, string description, string? sqlitePath)
    {
        Provider = provider;
        ConnectionString = connectionString;
        Description = description;
        SqliteFilePath = sqlitePath;
    }

    public CatalogProvider Provider { get; }

    /// <summary>The ADO.NET connection string (may hold a password: never log it; use <see cref="Description"/>).</summary>
    public string ConnectionString { get; }

    /// <summary>Where the catalog lives, for messages: "sqlite data/tunebot.db" or "postgres user@host:port/db".</summary>
    public string Description { get; }

    /// <summary>The schema version this program migrates to (migrations are numbered 1 … this).</summary>
    public static int LatestSchemaVersion => CatalogMigrations.Latest;

    /// <summary>Full path of the SQLite file; null for PostgreSQL.</summary>
    public string? SqliteFilePath { get; }

    /// <summary>
    /// Builds the database from configuration values. <paramref name="provider"/>: "sqlite" (default when null or
    /// empty) or "postgres"/"postgresql"; <paramref name="connectionString"/>: for SQLite a file path or an ADO.NET
    /// "Data Source=…" string (default <see cref="DefaultSqlitePath"/>), for PostgreSQL an Npgsql connection
    /// string or a postgres:// URI.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown provider or unusable connection string.</exception>
    public static CatalogDatabase Create(string? provider, string? connectionString)
    {
        var p = (provider ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "sqlite" => CatalogProvider.Sqlite,
            "postgres" or "postgresql" or "npgsql" => CatalogProvider.Postgres,
            _ => throw new ArgumentException($"Unknown Catalog:Provider '{provider}' (expected sqlite or postgres)."),
        };
        return Create(p, connectionString);
    }

    /// <inheritdoc cref="Create(string?, string?)"/>
    public static CatalogDatabase Create(CatalogProvider provider, string? connectionString)
    {
        if (provider == CatalogProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new ArgumentException("Catalog:Provider is postgres but ConnectionStrings:Catalog is empty.");
            NpgsqlConnectionStringBuilder b;
            try { b = new NpgsqlConnectionStringBuilder(FromUri(connectionString)); }
            catch (Exception e) when (e is ArgumentException or FormatException)
            { throw new ArgumentException($"Unusable PostgreSQL connection string: {e.Message}"); }
            return new CatalogDatabase(provider, b.ConnectionString,
                $"postgres {b.Username}@{b.Host}:{b.Port}/{b.Database}", null);
        }

        string path;
        var cs = string.IsNullOrWhiteSpace(connectionString) ? DefaultSqlitePath : connectionString.Trim();
        if (cs.Contains('=')) path = new SqliteConnectionStringBuilder(cs).DataSource;
        else path = cs;
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
        return new CatalogDatabase(provider, builder.ConnectionString, $"sqlite {path}", path);
    }

    /// <summary>
    /// Builds the database for a command-line <c>--db</c> value, guessing the provider: a postgres:// URI or a
    /// string with "Host=" is PostgreSQL, anything else a SQLite file path or "Data Source=…" string. Without
    /// <paramref name="db"/>, falls back to the configured provider and connection string.
    /// </summary>
    public static CatalogDatabase FromCommandLine(string? db, string? configuredProvider, string? configuredConnectionString)
    {
        if (string.IsNullOrWhiteSpace(db)) return Create(configuredProvider, configuredConnectionString);
        bool pg = db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
               || db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
               || db.Contains("host=", StringComparison.OrdinalIgnoreCase);
        return Create(pg ? CatalogProvider.Postgres : CatalogProvider.Sqlite, db);
    }

    /// <summary>
    /// Builds the database from the environment the .NET configuration way: <c>Catalog__Provider</c> and
    /// <c>ConnectionStrings__Catalog</c> (defaults: SQLite at <see cref="DefaultSqlitePath"/>).
    /// </summary>
    public static CatalogDatabase FromEnvironment(string? db = null) =>
        FromCommandLine(db, Environment.GetEnvironmentVariable("Catalog__Provider"),
            Environment.GetEnvironmentVariable("ConnectionStrings__Catalog"));

    private static string FromUri(string cs)
    {
        if (!cs.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !cs.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)) return cs;
        var uri = new Uri(cs);
        var b = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432 };
        var db = uri.AbsolutePath.Trim('/');
        if (db.Length > 0) b.Database = Uri.UnescapeDataString(db);
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) b.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) b.Password = Uri.UnescapeDataString(userInfo[1]);
        return b.ConnectionString;
    }

    /// <summary>
    /// Opens a connection (SQLite: WAL journal, foreign keys on, 30 s busy timeout). The caller disposes it.
    /// </summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached or opened.</exception>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection? conn = null;
        try
        {
            if (Provider == CatalogProvider.Postgres)
            {
                conn = new NpgsqlConnection(ConnectionString);
                await conn.OpenAsync(ct);
            }
            else
            {
                _ = SqliteNativeInit.Value;
                var dir = Path.GetDirectoryName(SqliteFilePath!);
                if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
                conn = new SqliteConnection(ConnectionString);
                await conn.OpenAsync(ct);
                await conn.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;");
            }
            return conn;
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            if (conn is not null) await conn.DisposeAsync();
            throw Unavailable(e);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a fresh connection, translating connection-level failures into
    /// <see cref="CatalogUnavailableException"/>. Stores use this for every operation.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<DbConnection, Task<T>> work, CancellationToken ct = default)
    {
        await using var conn = await OpenAsync(ct);
        try { return await work(conn); }
        catch (Exception e) when (IsUnavailable(e)) { throw Unavailable(e); }
    }

    /// <summary>Like <see cref="RunAsync{T}"/> inside one transaction, committed when <paramref name="work"/> returns.</summary>
    public Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default) =>
        RunAsync(async conn =>
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var result = await work(conn, tx);
            await tx.CommitAsync(ct);
            return result;
        }, ct);

    /// <summary>
    /// Brings the schema to the newest version, each pending migration in order inside one transaction.
    /// Safe to call from several processes at once (SQLite: immediate write transaction; PostgreSQL: advisory
    /// transaction lock). Returns the schema version now in force.
    /// </summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached, or is newer than this program.</exception>
    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        return await RunAsync(async conn =>
        {
            if (Provider == CatalogProvider.Sqlite)
                await conn.ExecuteAsync("PRAGMA journal_mode = WAL;");
            await using var tx = await conn.BeginTransactionAsync(ct);
            if (Provider == CatalogProvider.Postgres)
                await conn.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, tx);
            await conn.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)",
                transaction: tx);
            int current = await conn.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_version", transaction: tx) ?? 0;
            if (current > CatalogMigrations.Latest)
                throw new CatalogUnavailableException(
                    $"Catalog database ({Description}) has schema version {current}, newer than this program's {CatalogMigrations.Latest}; upgrade TuneBot.");
            foreach (var m in CatalogMigrations.All.Where(m => m.Version > current))
            {
                await conn.ExecuteAsync(m.For(Provider), transaction: tx);
                await conn.ExecuteAsync(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (@v, @d, @t)",
                    new { v = m.Version, d = m.Description, t = DateTime.UtcNow.ToString("O") }, tx);
                current = m.Version;
            }
            await tx.CommitAsync(ct);
            return current;
        }, ct);
    }

    /// <summary>The schema version recorded in the database (0 when never migrated).</summary>
    public Task<int> GetSchemaVersionAsync(CancellationToken ct = default) =>
        RunAsync(async conn =>
        {
            string exists = Provider == CatalogProvider.Postgres
                ? "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_version' AND table_schema = current_schema()"
                : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'";
            if (await conn.ExecuteScalarAsync<long>(exists) == 0) return 0;
            return await conn.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_version") ?? 0;
        }, ct);

    /// <summary>
    /// SQLite: folds the write-ahead log back into the database file (so its size is the catalog's size, e.g. after
    /// a large ingest). PostgreSQL: nothing to do.
    /// </summary>
    public Task CheckpointAsync(CancellationToken ct = default) =>
        Provider == CatalogProvider.Sqlite
            ? RunAsync(conn => conn.ExecuteAsync(new CommandDefinition("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken: ct)), ct)
            : Task.CompletedTask;

    /// <summary>Opens the database and applies pending migrations: what every program does at start-up.</summary>
    public static async Task<CatalogDatabase> OpenAndMigrateAsync(CatalogDatabase db, CancellationToken ct = default)
    {
        await db.MigrateAsync(ct);
        return db;
    }

    // Arbitrary fixed keys for pg advisory locks ("TUNE" / "INGS" in ASCII), shared by every TuneBot process.
    internal const long MigrationLockKey = 0x54554E45_00000001;
    internal const long IngestLockKey = 0x54554E45_494E4753;

    internal static bool IsUnavailable(Exception e) => e switch
    {
        CatalogUnavailableException => false,
        PostgresException pe => pe.SqlState is "28P01" or "28000" or "3D000" or "57P01" or "57P02" or "57P03" or "53300"
                                 || pe.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException => true,   // not a server-side error: socket, timeout, TLS
        SqliteException se => (se.SqliteErrorCode & 0xFF) is 8 /*READONLY*/ or 10 /*IOERR*/ or 11 /*CORRUPT*/
                               or 13 /*FULL*/ or 14 /*CANTOPEN*/ or 26 /*NOTADB*/ or 23 /*AUTH*/,
        SocketException or TimeoutException => true,
        IOException or UnauthorizedAccessException => true,
        _ => false,
    };

    internal CatalogUnavailableException Unavailable(Exception e)
    {
        var cause = e is PostgresException pe ? pe.MessageText : e.Message;
        cause = cause.ReplaceLineEndings(" ").Trim();
        if (e.InnerException is SocketException se && !cause.Contains(se.Message, StringComparison.Ordinal))
            cause += $" ({se.Message})";
        return new CatalogUnavailableException($"Catalog database unavailable ({Description}): {cause}", e);
    }
}
