using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace TuneBot.Bot.Hosting;

/// <summary>
/// Opens connections to the catalog database for the bot-state store from <c>Catalog:Provider</c>
/// (sqlite | postgres) and <c>ConnectionStrings:Catalog</c> (default SQLite file data/tunebot.db).
/// Interim: the lead replaces this with the catalog's CatalogDatabase, which also applies the migrations
/// that create the bot-state tables.
/// </summary>
public sealed class BotStateDatabase
{
    private readonly bool _postgres;
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _dataSource;

    public BotStateDatabase(IConfiguration configuration)
    {
        var provider = configuration["Catalog:Provider"] ?? "sqlite";
        _postgres = provider.Equals("postgres", StringComparison.OrdinalIgnoreCase);
        var configured = configuration.GetConnectionString("Catalog");
        if (_postgres)
        {
            _connectionString = configured ?? throw new InvalidOperationException("ConnectionStrings:Catalog is required for the postgres provider.");
            _dataSource = NpgsqlDataSource.Create(_connectionString);
        }
        else
        {
            _connectionString = configured ?? "Data Source=data/tunebot.db";
            var file = new SqliteConnectionStringBuilder(_connectionString).DataSource;
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
    }

    /// <summary>A new, unopened connection.</summary>
    public DbConnection CreateConnection() =>
        _postgres ? _dataSource!.CreateConnection() : new SqliteConnection(_connectionString);
}
