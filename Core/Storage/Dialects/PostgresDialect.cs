using System.Data.Common;
using Dapper;
using Npgsql;

namespace TuneBot.Core.Storage;

/// <summary>A PostgreSQL server through Npgsql; locks are advisory locks, which the server scopes to the database.</summary>
internal sealed class PostgresDialect : CatalogDialect
{
    public static readonly PostgresDialect Instance = new();

    public override CatalogProvider Provider => CatalogProvider.Postgres;

    public override CatalogConnection Resolve(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException("Catalog:Provider is postgres but ConnectionStrings:Catalog is empty.");
        NpgsqlConnectionStringBuilder b;
        try { b = new NpgsqlConnectionStringBuilder(FromUri(connectionString.Trim())); }
        catch (Exception e) when (e is ArgumentException or FormatException)
        { throw new ArgumentException($"Unusable PostgreSQL connection string: {e.Message}"); }
        return new CatalogConnection(b.ConnectionString, $"postgres {b.Username}@{b.Host}:{b.Port}/{b.Database}", null);
    }

    /// <summary>Whether <paramref name="cs"/> is a postgres:// or postgresql:// URI.</summary>
    public static bool IsUri(string cs) =>
        cs.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || cs.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static string FromUri(string cs)
    {
        if (!IsUri(cs)) return cs;
        var uri = new Uri(cs);
        var b = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.Port > 0 ? uri.Port : 5432 };
        var db = uri.AbsolutePath.Trim('/');
        if (db.Length > 0) b.Database = Uri.UnescapeDataString(db);
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0) b.Username = Uri.UnescapeDataString(userInfo[0]);
        if (userInfo.Length > 1) b.Password = Uri.UnescapeDataString(userInfo[1]);
        return b.ConnectionString;
    }

    public override DbConnection CreateConnection(CatalogConnection connection) => new NpgsqlConnection(connection.ConnectionString);

    // A transaction-scoped advisory lock: released by the commit or rollback itself, so nothing can leak it.
    public override async Task<T> RunExclusiveMigrationAsync<T>(DbConnection conn, Func<DbTransaction, Task<T>> migrate, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@key)",
            new { key = CatalogLock.Migration.AdvisoryKey }, tx, cancellationToken: ct));
        var result = await migrate(tx);
        await tx.CommitAsync(ct);
        return result;
    }

    // clock_timestamp, not now(): now() is the transaction's start, which a long transaction would hold back.
    public override string NowMs => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    public override string SchemaVersionExistsSql =>
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'schema_version' AND table_schema = current_schema()";

    // One array parameter, whatever its length.
    public override string IsIn(string column, string parameter) => $"{column} = ANY({parameter})";

    public override int MaxIdsPerQuery => 100_000;

    public override Task<bool> TryLockAsync(DbConnection conn, CatalogLock catalogLock, CancellationToken ct) =>
        conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@key)",
            new { key = catalogLock.AdvisoryKey }, cancellationToken: ct));

    public override Task UnlockAsync(DbConnection conn, CatalogLock catalogLock) =>
        conn.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = catalogLock.AdvisoryKey });

    public override bool IsUnavailable(Exception e) => e switch
    {
        PostgresException pe => pe.SqlState is "28P01" or "28000" or "3D000" or "57P01" or "57P02" or "57P03" or "53300"
                                 || pe.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException => true,   // not a server-side error: socket, timeout, TLS
        _ => base.IsUnavailable(e),
    };

    public override string Cause(Exception e) => e is PostgresException pe ? pe.MessageText : e.Message;
}
