using System.Data.Common;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using MySqlConnector;

namespace TuneBot.Core.Storage;

/// <summary>
/// A MySQL 8 or MariaDB 10.11+ server through MySqlConnector: InnoDB tables in utf8mb4 with a binary collation
/// (comparisons and ordering as SQLite and PostgreSQL make them), DATETIME(6) in UTC, named locks (GET_LOCK).
/// </summary>
internal sealed class MySqlDialect : CatalogDialect
{
    public static readonly MySqlDialect Instance = new();

    // Seconds a start-up waits for another process's migration before giving up.
    private const int MigrationLockWaitSeconds = 120;

    public override CatalogProvider Provider => CatalogProvider.MySql;

    public override CatalogConnection Resolve(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException("Catalog:Provider is mysql but ConnectionStrings:Catalog is empty.");
        MySqlConnectionStringBuilder b;
        try { b = new MySqlConnectionStringBuilder(FromUri(connectionString.Trim())); }
        catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
        { throw new ArgumentException($"Unusable MySQL connection string: {e.Message}"); }
        if (string.IsNullOrWhiteSpace(b.Database))
            throw new ArgumentException("The MySQL connection string names no Database (the catalog's tables live in one database).");
        // Timestamps are written as UTC and read back as UTC; a Local DateTime is refused instead of shifted.
        b.DateTimeKind = MySqlDateTimeKind.Utc;
        // Found rows, not changed rows: an UPDATE that matches a row counts it even when the values are unchanged,
        // as SQLite and PostgreSQL count it (TrackStore and ClusterStore read "> 0" as "the row exists").
        b.UseAffectedRows = false;
        return new CatalogConnection(b.ConnectionString, $"mysql {b.UserID}@{b.Server}:{b.Port}/{b.Database}", null);
    }

    /// <summary>Whether <paramref name="cs"/> is a mysql:// or mariadb:// URI.</summary>
    public static bool IsUri(string cs) =>
        cs.StartsWith("mysql://", StringComparison.OrdinalIgnoreCase) || cs.StartsWith("mariadb://", StringComparison.OrdinalIgnoreCase);

    private static string FromUri(string cs)
    {
        if (!IsUri(cs)) return cs;
        var uri = new Uri(cs);
        var b = new MySqlConnectionStringBuilder { Server = uri.Host, Port = uri.Port > 0 ? (uint)uri.Port : 3306 };
        var db = uri.AbsolutePath.Trim('/');
        if (db.Length > 0) b.Database = Uri.UnescapeDataString(db);
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) b.UserID = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) b.Password = Uri.UnescapeDataString(userInfo[1]);
        return b.ConnectionString;
    }

    public override DbConnection CreateConnection(CatalogConnection connection) => new MySqlConnection(connection.ConnectionString);

    // MySQL commits implicitly around every DDL statement, so the transaction cannot make a migration atomic here:
    // the named lock is what keeps concurrent start-ups from migrating at once, and a migration that fails half-way
    // leaves its tables behind for an operator. The lock is released explicitly: a pooled connection keeps its
    // session (and the lock) until it is next reused.
    public override async Task<T> RunExclusiveMigrationAsync<T>(DbConnection conn, Func<DbTransaction, Task<T>> migrate, CancellationToken ct)
    {
        var name = LockName(conn, CatalogLock.Migration);
        var got = await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT GET_LOCK(@name, @wait)",
            new { name, wait = MigrationLockWaitSeconds }, cancellationToken: ct));
        if (got != 1)
            throw new TimeoutException($"another process held the migration lock '{name}' for over {MigrationLockWaitSeconds} s.");
        T result;
        try
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            result = await migrate(tx);
            await tx.CommitAsync(ct);
        }
        catch
        {
            // The original failure matters more; a session that broke holds no lock any more.
            try { await Release(conn, name); } catch (MySqlException) { }
            throw;
        }
        await Release(conn, name);
        return result;
    }

    public override string SchemaVersionExistsSql =>
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'schema_version'";

    public override string TableOptions => " " + MySqlMigrations.Options;

    // MySQL 8 has no INSERT … RETURNING (MariaDB has, since 10.5); LAST_INSERT_ID() is per session, so a
    // concurrent insert on another connection cannot interfere.
    public override string InsertReturningId(string insert) => insert + "; SELECT LAST_INSERT_ID()";

    // With found rows counted (Resolve), ON DUPLICATE KEY UPDATE reports 1 for a duplicate as for an insert, so it
    // cannot say which happened; INSERT IGNORE reports 0. IGNORE also turns other errors (truncation, NULL into
    // NOT NULL) into warnings: the rows written this way hold only ids, fixed words and the time.
    public override string InsertOrIgnore(string insert, string key) =>
        insert.StartsWith("INSERT INTO ", StringComparison.Ordinal)
            ? "INSERT IGNORE INTO " + insert["INSERT INTO ".Length..]
            : throw new ArgumentException("Expected INSERT INTO …", nameof(insert));

    // The conflict target is implicit (any unique key; the catalog's tables have only their primary key).
    public override string Upsert(string insert, string key, string assignments) => $"{insert} ON DUPLICATE KEY UPDATE {assignments}";

    // VALUES(col) is deprecated in MySQL 8.0.20+ in favour of a row alias, which MariaDB does not have; both still take it.
    public override string Inserted(string column) => $"VALUES({column})";

    public override string Quote(string identifier) => '`' + identifier + '`';

    // CURRENT_TIMESTAMP is the session time zone's local time; DATETIME columns hold UTC.
    public override string UtcNow => "UTC_TIMESTAMP(6)";

    // UNIX_TIMESTAMP of a DATETIME reads it in the session time zone, which NOW(6) is in: the epoch, whatever the zone.
    public override string NowMs => "CAST(UNIX_TIMESTAMP(NOW(6)) * 1000 AS SIGNED)";

    public override bool UpdateReturning => false;

    // MySqlConnector writes the values into the statement text: no bound-parameter limit, only max_allowed_packet.
    public override int MaxIdsPerQuery => 10_000;

    public override async Task<bool> TryLockAsync(DbConnection conn, CatalogLock catalogLock, CancellationToken ct) =>
        await conn.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT GET_LOCK(@name, 0)",
            new { name = LockName(conn, catalogLock) }, cancellationToken: ct)) == 1;

    public override Task UnlockAsync(DbConnection conn, CatalogLock catalogLock) => Release(conn, LockName(conn, catalogLock));

    private static Task Release(DbConnection conn, string name) => conn.ExecuteAsync("SELECT RELEASE_LOCK(@name)", new { name });

    /// <summary>
    /// GET_LOCK names are server-wide and at most 64 characters: the database name scopes the lock to this catalog
    /// (hashed when it would not fit), as PostgreSQL scopes advisory locks by itself.
    /// </summary>
    internal static string LockName(DbConnection conn, CatalogLock catalogLock)
    {
        var name = $"tunebot.{catalogLock.Name}.{conn.Database}";
        return name.Length <= 64 ? name
            : $"tunebot.{catalogLock.Name}.{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(conn.Database)))[..32]}";
    }

    public override bool IsUnavailable(Exception e) => e switch
    {
        MySqlException me => me.ErrorCode is MySqlErrorCode.UnableToConnectToHost or MySqlErrorCode.AccessDenied
                                 or MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.UnknownDatabase
                                 or MySqlErrorCode.ConnectionCountError or MySqlErrorCode.TooManyUserConnections
                                 or MySqlErrorCode.HostIsBlocked or MySqlErrorCode.HostNotPrivileged
                                 or MySqlErrorCode.ServerShutdown or MySqlErrorCode.CommandTimeoutExpired
                             || me.InnerException is SocketException or IOException,
        MySqlProtocolException => true,
        _ => base.IsUnavailable(e),
    };
}
