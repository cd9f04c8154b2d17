using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TuneBot.Core.Storage;

namespace TuneBot.Bot.Hosting;

/// <summary>
/// Applies the catalog's pending migrations (which include the bot-state tables) before the bot starts; a
/// database that cannot be reached stops start-up with one clear log line.
/// </summary>
public sealed class CatalogMigration(CatalogDatabase database, ILogger<CatalogMigration> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var version = await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Catalog database {Database} at schema version {Version}", database.Description, version);
        }
        catch (CatalogUnavailableException ex)
        {
            logger.LogCritical("{Error}", ex.Message);
            throw;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
