using Dapper;
using Microsoft.Data.Sqlite;
using MySqlConnector;
using Npgsql;
using TuneBot.Core.Storage;

namespace TuneBot.Tests.Core.Storage;

/// <summary>
/// A fresh, empty catalog database for one test: a SQLite file in a temporary folder, or a new database on the
/// throwaway PostgreSQL or MariaDB server named by TUNEBOT_TEST_PG / TUNEBOT_TEST_MYSQL (scripts/test-postgres.sh,
/// scripts/test-mariadb.sh). Disposing removes it.
/// </summary>
public sealed class CatalogTestDatabase : IAsyncDisposable
{
    private readonly string _tempDir;
    private readonly Func<Task> _drop;

    private CatalogTestDatabase(CatalogDatabase db, string tempDir, Func<Task> drop)
    {
        Database = db;
        _tempDir = tempDir;
        _drop = drop;
    }

    public CatalogDatabase Database { get; }

    /// <summary>A temporary folder that is removed with the database (holds the SQLite file for that provider).</summary>
    public string TempDir => _tempDir;

    /// <summary>Creates an empty database for <paramref name="provider"/> ("sqlite" | "postgres" | "mysql"), migrated unless told not to.</summary>
    public static async Task<CatalogTestDatabase> CreateAsync(string provider, bool migrate = true)
    {
        var tempDir = Path.Combine(Path.GetTempPath(), "tunebot-catalog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tempDir);
        CatalogTestDatabase result;
        try
        {
            result = provider switch
            {
                "sqlite" => new CatalogTestDatabase(CatalogDatabase.Create("sqlite", Path.Combine(tempDir, "catalog.db")), tempDir,
                    () => { SqliteConnection.ClearAllPools(); return Task.CompletedTask; }),
                "postgres" => await CreatePostgresAsync(ServerConnectionString(provider), tempDir),
                "mysql" => await CreateMySqlAsync(ServerConnectionString(provider), tempDir),
                _ => throw new ArgumentException($"Unknown test provider '{provider}'.", nameof(provider)),
            };
        }
        catch
        {
            Directory.Delete(tempDir, true);
            throw;
        }
        if (migrate) await result.Database.MigrateAsync();
        return result;
    }

    /// <summary>The test server's admin connection string, or a failure saying why there is none.</summary>
    public static string ServerConnectionString(string provider)
    {
        var variable = ProviderDataAttribute.ServerVariable(provider)!;
        var cs = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(cs)) return cs;
        throw new InvalidOperationException(ProviderDataAttribute.ProvidersRequired
            ? $"{variable} is not set but {ProviderDataAttribute.RequireVariable}=1: the {provider} test server did not start, so this run fails."
            : $"{variable} is not set; mark {provider} cases with [ProviderData(\"{provider}\")] so they are skipped.");
    }

    private static async Task<CatalogTestDatabase> CreatePostgresAsync(string admin, string tempDir)
    {
        var name = "tb_" + Guid.NewGuid().ToString("N");
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await conn.ExecuteAsync($"CREATE DATABASE {name}");
        }
        var b = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new CatalogTestDatabase(CatalogDatabase.Create("postgres", b.ConnectionString), tempDir, async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(admin);
            await conn.OpenAsync();
            await conn.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        });
    }

    private static async Task<CatalogTestDatabase> CreateMySqlAsync(string admin, string tempDir)
    {
        var name = "tb_" + Guid.NewGuid().ToString("N");
        await using (var conn = new MySqlConnection(admin))
        {
            await conn.OpenAsync();
            // latin1 on purpose: the migrations must make every table utf8mb4 themselves, whatever the database's
            // default, or Korean titles and emoji would not survive.
            await conn.ExecuteAsync($"CREATE DATABASE {name} CHARACTER SET latin1");
        }
        var db = CatalogDatabase.Create("mysql", new MySqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
        return new CatalogTestDatabase(db, tempDir, async () =>
        {
            await using (var pooled = new MySqlConnection(db.ConnectionString)) await MySqlConnection.ClearPoolAsync(pooled);
            await using var conn = new MySqlConnection(admin);
            await conn.OpenAsync();
            await conn.ExecuteAsync($"DROP DATABASE IF EXISTS {name}");
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _drop();
        try { Directory.Delete(_tempDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
