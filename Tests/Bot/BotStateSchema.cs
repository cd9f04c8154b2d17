using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace TuneBot.Tests.Bot;

/// <summary>
/// The bot-state tables of CONTRACTS.md, created directly for the store's tests. Interim: once the catalog's
/// CatalogDatabase (with its migrations) is merged, tests open the database through it instead.
/// </summary>
public static class BotStateSchema
{
    public const string Sqlite = """
        CREATE TABLE IF NOT EXISTS bot_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS handled_updates (update_id BIGINT PRIMARY KEY, chat_id BIGINT NOT NULL, status TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS sent_replies (update_id BIGINT NOT NULL, seq INT NOT NULL, chat_id BIGINT NOT NULL, sent_at TEXT NOT NULL, PRIMARY KEY (update_id, seq));
        CREATE TABLE IF NOT EXISTS feedback (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id BIGINT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS theme_choices (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id BIGINT NOT NULL, cluster_run_id INT, cluster_id INT NOT NULL, created_at TEXT NOT NULL);
        """;

    public const string Postgres = """
        CREATE TABLE IF NOT EXISTS bot_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS handled_updates (update_id BIGINT PRIMARY KEY, chat_id BIGINT NOT NULL, status TEXT NOT NULL, updated_at TIMESTAMP NOT NULL);
        CREATE TABLE IF NOT EXISTS sent_replies (update_id BIGINT NOT NULL, seq INT NOT NULL, chat_id BIGINT NOT NULL, sent_at TIMESTAMP NOT NULL, PRIMARY KEY (update_id, seq));
        CREATE TABLE IF NOT EXISTS feedback (id BIGSERIAL PRIMARY KEY, chat_id BIGINT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, created_at TIMESTAMP NOT NULL);
        CREATE TABLE IF NOT EXISTS theme_choices (id BIGSERIAL PRIMARY KEY, chat_id BIGINT NOT NULL, cluster_run_id INT, cluster_id INT NOT NULL, created_at TIMESTAMP NOT NULL);
        """;

    /// <summary>A fresh SQLite file (WAL) with the tables; returns its connection string.</summary>
    public static string CreateSqlite(string path)
    {
        var cs = $"Data Source={path}";
        using var db = new SqliteConnection(cs);
        db.Open();
        db.Execute("PRAGMA journal_mode=WAL;");
        db.Execute(Sqlite);
        return cs;
    }

    /// <summary>A fresh schema in the PostgreSQL database of TUNEBOT_TEST_PG (a throwaway schema per test, set as search_path).</summary>
    public static string CreatePostgres(string baseConnectionString)
    {
        var schema = "botstate_" + Guid.NewGuid().ToString("N")[..12];
        using (var db = new NpgsqlConnection(baseConnectionString))
        {
            db.Open();
            db.Execute($"CREATE SCHEMA {schema}");
        }
        var cs = new NpgsqlConnectionStringBuilder(baseConnectionString) { SearchPath = schema }.ConnectionString;
        using (var db = new NpgsqlConnection(cs))
        {
            db.Open();
            db.Execute(Postgres);
        }
        return cs;
    }
}
