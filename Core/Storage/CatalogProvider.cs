namespace TuneBot.Core.Storage;

/// <summary>Which database engine holds the catalog (config key <c>Catalog:Provider</c>).</summary>
public enum CatalogProvider
{
    /// <summary>An embedded SQLite file (the default, <c>data/tunebot.db</c>): zero setup, one machine.</summary>
    Sqlite,
    /// <summary>A PostgreSQL server, for deployments where several bot instances share one catalog.</summary>
    Postgres,
    /// <summary>A MySQL 8 or MariaDB 10.11+ server (through MySqlConnector), where the catalog already lives in MySQL.</summary>
    MySql,
}
