using System.Data.Common;
using System.Net.Sockets;

namespace TuneBot.Core.Storage;

/// <summary>
/// Everything that differs between the catalog's database engines, in one class per engine: connection strings and
/// connections, how migrations are serialised, the few SQL spellings the stores cannot share (generated ids,
/// upserts, id lists, the current time, a reserved column name), session locks, and which errors mean "the
/// database is unavailable". The stores write the SQL the three engines share and ask the dialect for the rest.
/// </summary>
internal abstract class CatalogDialect
{
    public static CatalogDialect For(CatalogProvider provider) => provider switch
    {
        CatalogProvider.Sqlite => SqliteDialect.Instance,
        CatalogProvider.Postgres => PostgresDialect.Instance,
        CatalogProvider.MySql => MySqlDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public abstract CatalogProvider Provider { get; }

    /// <summary>Validates and normalises a configured connection string.</summary>
    /// <exception cref="ArgumentException">Empty where a server is needed, or unusable.</exception>
    public abstract CatalogConnection Resolve(string? connectionString);

    /// <summary>A new, closed connection (the caller opens and disposes it).</summary>
    public abstract DbConnection CreateConnection(CatalogConnection connection);

    /// <summary>Session settings applied to every connection right after it opens.</summary>
    public virtual Task PrepareAsync(DbConnection conn, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Runs <paramref name="migrate"/> inside one transaction that no other process migrating the same catalog
    /// runs at the same time, and commits it.
    /// </summary>
    public abstract Task<T> RunExclusiveMigrationAsync<T>(DbConnection conn, Func<DbTransaction, Task<T>> migrate, CancellationToken ct);

    /// <summary>A query returning 1 when the table <c>schema_version</c> exists in the catalog, else 0.</summary>
    public abstract string SchemaVersionExistsSql { get; }

    /// <summary>A statement that folds a write-ahead log back into the database file; null where the server does that.</summary>
    public virtual string? CheckpointSql => null;

    /// <summary>What follows <c>CREATE TABLE name (…)</c> (MySQL: engine, character set, collation).</summary>
    public virtual string TableOptions => "";

    /// <summary>
    /// <paramref name="insert"/> (one row into a table whose key is the generated <c>id</c>) made to return that
    /// id as its single result.
    /// </summary>
    public virtual string InsertReturningId(string insert) => insert + " RETURNING id";

    /// <summary><paramref name="insert"/> (<c>INSERT INTO …</c>) made to do nothing when <paramref name="key"/> already exists.</summary>
    public virtual string InsertOrIgnore(string insert, string key) => $"{insert} ON CONFLICT ({key}) DO NOTHING";

    /// <summary>
    /// <paramref name="insert"/> made to apply <paramref name="assignments"/> to the existing row when
    /// <paramref name="key"/> already exists; <see cref="Inserted"/> names the value the insert carried.
    /// </summary>
    public virtual string Upsert(string insert, string key, string assignments) => $"{insert} ON CONFLICT ({key}) DO UPDATE SET {assignments}";

    /// <summary>In an <see cref="Upsert"/>'s assignments: the value of <paramref name="column"/> that the insert carried.</summary>
    public virtual string Inserted(string column) => "excluded." + column;

    /// <summary>A column name quoted as an identifier (the catalog's <c>key</c> column is a reserved word in MySQL).</summary>
    public virtual string Quote(string identifier) => '"' + identifier + '"';

    /// <summary>The current UTC time as the engine's timestamp column takes it.</summary>
    public virtual string UtcNow => "CURRENT_TIMESTAMP";

    /// <summary>The database clock as epoch milliseconds (BIGINT): lease times compared on one clock for every instance.</summary>
    public abstract string NowMs { get; }

    /// <summary>What ends an inbox claim's inner SELECT: row locks that concurrent claimers skip (empty where one writer holds the whole file).</summary>
    public virtual string SkipLocked => " FOR UPDATE SKIP LOCKED";

    /// <summary>Whether an UPDATE may select its rows from the same table and return them (RETURNING); MySQL has neither.</summary>
    public virtual bool UpdateReturning => true;

    /// <summary>A condition "<paramref name="column"/> is one of the ids in the list parameter <paramref name="parameter"/>".</summary>
    public virtual string IsIn(string column, string parameter) => $"{column} IN {parameter}";   // Dapper expands the list

    /// <summary>Most ids <see cref="IsIn"/> is given at once (SQLite binds at most 32766 parameters).</summary>
    public virtual int MaxIdsPerQuery => 500;

    /// <summary>
    /// Takes <paramref name="catalogLock"/> on <paramref name="conn"/> for as long as that session lasts, or returns
    /// false at once when another session holds it. The caller keeps the connection for this alone and releases
    /// with <see cref="UnlockAsync"/>.
    /// </summary>
    public virtual Task<bool> TryLockAsync(DbConnection conn, CatalogLock catalogLock, CancellationToken ct) =>
        throw new NotSupportedException($"{Provider} has no session locks.");

    /// <summary>Releases a lock taken with <see cref="TryLockAsync"/>.</summary>
    public virtual Task UnlockAsync(DbConnection conn, CatalogLock catalogLock) =>
        throw new NotSupportedException($"{Provider} has no session locks.");

    /// <summary>Whether <paramref name="e"/> means the database cannot be reached or opened (rather than a bad query).</summary>
    public virtual bool IsUnavailable(Exception e) => e switch
    {
        CatalogUnavailableException => false,
        SocketException or TimeoutException => true,
        IOException or UnauthorizedAccessException => true,
        _ => false,
    };

    /// <summary>The one-line cause that an unavailable-database message quotes.</summary>
    public virtual string Cause(Exception e) => e.Message;
}
