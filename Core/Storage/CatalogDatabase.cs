using System.Data.Common;
using System.Net.Sockets;
using Dapper;

namespace TuneBot.Core.Storage;

/// <summary>
/// The catalog's database: a provider (<see cref="CatalogProvider"/>) plus a connection string. Opens Dapper-ready
/// ADO.NET connections and applies the versioned schema migrations (<see cref="MigrateAsync"/>). What differs between
/// the engines lives in one dialect per provider (Catalog/Dialects). Every failure to reach or open the database
/// surfaces as <see cref="CatalogUnavailableException"/>.
/// </summary>
public sealed class CatalogDatabase
{
    /// <summary>The SQLite file used when nothing is configured, relative to the working directory.</summary>
    public const string DefaultSqlitePath = "data/tunebot.db";

    private readonly CatalogConnection _connection;

    private CatalogDatabase(CatalogDialect dialect, CatalogConnection connection)
    {
        Dialect = dialect;
        Sql = new SqlSpelling(dialect);
        _connection = connection;
    }

    public CatalogProvider Provider => Dialect.Provider;

    /// <summary>The SQL and behaviour that differ per provider.</summary>
    internal CatalogDialect Dialect { get; }

    /// <summary>The provider's SQL spellings, for stores outside Core over the same schema.</summary>
    public SqlSpelling Sql { get; }

    /// <summary>The ADO.NET connection string (may hold a password: never log it; use <see cref="Description"/>).</summary>
    public string ConnectionString => _connection.ConnectionString;

    /// <summary>
    /// Where the catalog lives, for messages: "sqlite /full/path/tunebot.db", "postgres user@host:port/db" or
    /// "mysql user@host:port/db".
    /// </summary>
    public string Description => _connection.Description;

    /// <summary>The schema version this program migrates to (migrations are numbered 1 … this).</summary>
    public static int LatestSchemaVersion => CatalogMigrations.Latest;

    /// <summary>Full path of the SQLite file; null for a server.</summary>
    public string? SqliteFilePath => _connection.FilePath;

    /// <summary>
    /// Builds the database from configuration values. <paramref name="provider"/>: "sqlite" (default when null or
    /// empty), "postgres"/"postgresql" or "mysql"/"mariadb"; <paramref name="connectionString"/>: for SQLite a file
    /// path or an ADO.NET "Data Source=…" string (default <see cref="DefaultSqlitePath"/>), for PostgreSQL an Npgsql
    /// connection string or a postgres:// URI, for MySQL a MySqlConnector connection string or a mysql:// URI.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown provider or unusable connection string.</exception>
    public static CatalogDatabase Create(string? provider, string? connectionString) =>
        Create(ParseProvider(provider), connectionString);

    /// <inheritdoc cref="Create(string?, string?)"/>
    public static CatalogDatabase Create(CatalogProvider provider, string? connectionString)
    {
        var dialect = CatalogDialect.For(provider);
        return new CatalogDatabase(dialect, dialect.Resolve(connectionString));
    }

    private static CatalogProvider ParseProvider(string? provider) => (provider ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "sqlite" => CatalogProvider.Sqlite,
        "postgres" or "postgresql" or "npgsql" => CatalogProvider.Postgres,
        "mysql" or "mariadb" => CatalogProvider.MySql,
        _ => throw new ArgumentException($"Unknown Catalog:Provider '{provider}' (expected sqlite, postgres or mysql)."),
    };

    /// <summary>
    /// Builds the database for a command-line <c>--db</c> value, guessing the provider: a postgres:// URI is
    /// PostgreSQL and a mysql:// (or mariadb://) URI MySQL; a "key=value;…" string naming a server goes to the
    /// configured server provider, else "Host=…" is PostgreSQL (Npgsql's spelling) and "Server=…" MySQL
    /// (MySqlConnector's); anything else is a SQLite file path or "Data Source=…" string. Without
    /// <paramref name="db"/>, falls back to the configured provider and connection string.
    /// </summary>
    public static CatalogDatabase FromCommandLine(string? db, string? configuredProvider, string? configuredConnectionString)
    {
        if (string.IsNullOrWhiteSpace(db)) return Create(configuredProvider, configuredConnectionString);
        db = db.Trim();
        CatalogProvider provider;
        if (PostgresDialect.IsUri(db)) provider = CatalogProvider.Postgres;
        else if (MySqlDialect.IsUri(db)) provider = CatalogProvider.MySql;
        else if (NamesKey(db, "host") || NamesKey(db, "server"))
        {
            var configured = string.IsNullOrWhiteSpace(configuredProvider) ? CatalogProvider.Sqlite : ParseProvider(configuredProvider);
            provider = configured != CatalogProvider.Sqlite ? configured
                : NamesKey(db, "host") ? CatalogProvider.Postgres : CatalogProvider.MySql;
        }
        else provider = CatalogProvider.Sqlite;
        return Create(provider, db);
    }

    // "Host=x;…" or "…;host = x": the key at the start or after a ';', before its '='.
    private static bool NamesKey(string cs, string key) =>
        cs.Split(';').Any(part => part.Split('=', 2) is [var k, _] && k.Trim().Equals(key, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Opens a connection (SQLite: foreign keys on, 30 s busy timeout). The caller disposes it.
    /// </summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached or opened.</exception>
    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        DbConnection? conn = null;
        try
        {
            conn = Dialect.CreateConnection(_connection);
            await conn.OpenAsync(ct);
            await Dialect.PrepareAsync(conn, ct);
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
    /// Brings the schema to the newest version, the pending migrations in order inside one transaction. Safe to
    /// call from several processes at once (SQLite: immediate write transaction; PostgreSQL: advisory transaction
    /// lock; MySQL: a named lock, and no atomicity, as MySQL commits around DDL). Returns the schema version now in force.
    /// </summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached, or is newer than this program.</exception>
    public Task<int> MigrateAsync(CancellationToken ct = default) => MigrateAsync(CatalogMigrations.Latest, ct);

    /// <summary>Applies the pending migrations up to <paramref name="version"/> only (tests build an older catalog with it).</summary>
    internal async Task<int> MigrateAsync(int version, CancellationToken ct = default)
    {
        return await RunAsync(conn => Dialect.RunExclusiveMigrationAsync(conn, async tx =>
        {
            await conn.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)"
                + Dialect.TableOptions, transaction: tx, cancellationToken: ct));
            int current = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT MAX(version) FROM schema_version", transaction: tx, cancellationToken: ct)) ?? 0;
            if (current > CatalogMigrations.Latest)
                throw new CatalogUnavailableException(
                    $"Catalog database ({Description}) has schema version {current}, newer than this program's {CatalogMigrations.Latest}; upgrade TuneBot.");
            foreach (var m in CatalogMigrations.All.Where(m => m.Version > current && m.Version <= version))
            {
                await conn.ExecuteAsync(new CommandDefinition(m.For(Provider), transaction: tx, cancellationToken: ct));
                await conn.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_version (version, description, applied_at) VALUES (@v, @d, @t)",
                    new { v = m.Version, d = m.Description, t = DateTime.UtcNow.ToString("O") }, tx, cancellationToken: ct));
                current = m.Version;
            }
            return current;
        }, ct), ct);
    }

    /// <summary>The schema version recorded in the database (0 when never migrated).</summary>
    public Task<int> GetSchemaVersionAsync(CancellationToken ct = default) =>
        RunAsync(async conn =>
        {
            if (await conn.ExecuteScalarAsync<long>(Dialect.SchemaVersionExistsSql) == 0) return 0;
            return await conn.ExecuteScalarAsync<int?>("SELECT MAX(version) FROM schema_version") ?? 0;
        }, ct);

    /// <summary>
    /// Writes (and commits) one row without changing it, so that a full or read-only disk, a read-only server or a
    /// journal that cannot be created shows before a user's message needs a write.
    /// </summary>
    /// <exception cref="CatalogUnavailableException">The database cannot be written.</exception>
    public Task ProbeWritableAsync(CancellationToken ct = default) =>
        InTransactionAsync(async (conn, tx) =>
        {
            var version = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT MAX(version) FROM schema_version", transaction: tx, cancellationToken: ct));
            return await conn.ExecuteAsync(new CommandDefinition(
                "UPDATE schema_version SET applied_at = applied_at WHERE version = @version", new { version }, tx, cancellationToken: ct));
        }, ct);

    /// <summary>
    /// SQLite: folds the write-ahead log back into the database file (so its size is the catalog's size, e.g. after
    /// a large ingest). A server: nothing to do.
    /// </summary>
    public Task CheckpointAsync(CancellationToken ct = default) =>
        Dialect.CheckpointSql is { } sql
            ? RunAsync(conn => conn.ExecuteAsync(new CommandDefinition(sql, cancellationToken: ct)), ct)
            : Task.CompletedTask;

    /// <summary>Opens the database and applies pending migrations: what every program does at start-up.</summary>
    public static async Task<CatalogDatabase> OpenAndMigrateAsync(CatalogDatabase db, CancellationToken ct = default)
    {
        await db.MigrateAsync(ct);
        return db;
    }

    /// <summary>Whether <paramref name="e"/> means the database cannot be reached or opened (rather than a bad query).</summary>
    internal bool IsUnavailable(Exception e) => Dialect.IsUnavailable(e);

    internal CatalogUnavailableException Unavailable(Exception e)
    {
        var cause = Dialect.Cause(e).ReplaceLineEndings(" ").Trim();
        if (e.InnerException is SocketException se && !cause.Contains(se.Message, StringComparison.Ordinal))
            cause += $" ({se.Message})";
        return new CatalogUnavailableException($"Catalog database unavailable ({Description}): {cause}", e);
    }
}
