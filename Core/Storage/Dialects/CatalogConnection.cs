namespace TuneBot.Core.Storage;

/// <summary>A configured connection as <see cref="CatalogDialect.Resolve"/> normalised it.</summary>
/// <param name="ConnectionString">The ADO.NET connection string (may hold a password: never log it).</param>
/// <param name="Description">Where the catalog lives, for messages, without any password.</param>
/// <param name="FilePath">The SQLite file's full path; null for a server.</param>
internal sealed record CatalogConnection(string ConnectionString, string Description, string? FilePath);
