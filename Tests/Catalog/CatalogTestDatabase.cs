using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using TuneBot.Core.Catalog;

namespace TuneBot.Tests.Catalog;

/// <summary>
/// A fresh, empty catalog database for one test: a SQLite file in a temporary folder, or a new database on the
/// throwaway PostgreSQL server named by TUNEBOT_TEST_PG (scripts/test-postgres.sh). Disposing removes it.
/// </summary>
public sealed class CatalogTestDatabase : IAsyncDisposable
{
    private readonly string? _tempDir;
    private readonly string? _pgAdmin;
    private readonly string? _pgDatabase;

    private CatalogTestDatabase(CatalogDatabase db, string? tempDir, string? pgAdmin, string? pgDatabase)
    {
        Database = db;
        _tempDir = tempDir;
        _pgAdmin = pgAdmin;
        _pgDatabase = pgDatabase;
    }

    public CatalogDatabase Database { get; }

    /// <summary>A temporary folder that is removed with the database (SQLite only; else a fresh temp folder).</summary>
    public string TempDir => _tempDir ?? throw new InvalidOperationException("No temp dir.");

    /// <summary>Creates an empty, unmigrated database for <paramref name="provider"/> ("sqlite" | "postgres").</summary>
    public static async Task<CatalogTestDatabase> CreateAsync(string provider, bool migrate = true)
    {
        var tempDir = Path.Combine(Path.GetTempPath(), "tunebot-catalog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tempDir);
        CatalogTestDatabase result;
        if (provider == "sqlite")
        {
            result = new CatalogTestDatabase(CatalogDatabase.Create("sqlite", Path.Combine(tempDir, "catalog.db")), tempDir, null, null);
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable("TUNEBOT_TEST_PG");
            if (string.IsNullOrWhiteSpace(admin))
            {
                Directory.Delete(tempDir, true);
                throw new InvalidOperationException(
                    "TUNEBOT_TEST_PG is not set; mark PostgreSQL cases with [ProviderData(\"postgres\")] so they are skipped.");
            }
            var name = "tb_" + Guid.NewGuid().ToString("N");
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await conn.ExecuteAsync($"CREATE DATABASE {name}");
            }
            var b = new NpgsqlConnectionStringBuilder(admin) { Database = name };
            result = new CatalogTestDatabase(CatalogDatabase.Create("postgres", b.ConnectionString), tempDir, admin, name);
        }
        if (migrate) await result.Database.MigrateAsync();
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (_pgAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var conn = new NpgsqlConnection(_pgAdmin);
            await conn.OpenAsync();
            await conn.ExecuteAsync($"DROP DATABASE IF EXISTS {_pgDatabase} WITH (FORCE)");
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
        if (_tempDir is not null)
        {
            try { Directory.Delete(_tempDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
