using Microsoft.Extensions.DependencyInjection;
using TuneBot.Bot.Advice;
using TuneBot.Core.Storage;
using TuneBot.Core.Recommendation;

namespace TuneBot.Bot.Health;

/// <summary>One readiness check's outcome.</summary>
public sealed record ReadinessCheck(string Name, bool Ready, string Detail);

/// <summary>
/// What /health/ready checks: the database answers at the schema this program needs and can be written, the catalog is loaded (tracks
/// and a clustering run in the catalog index), the emotion model is loaded. A part the host runs without (test
/// doubles in place of the catalog advisor or the classifier) is not checked.
/// </summary>
public sealed class Readiness(CatalogDatabase database, IServiceProvider services)
{
    public async Task<IReadOnlyList<ReadinessCheck>> CheckAsync(CancellationToken ct)
    {
        var checks = new List<ReadinessCheck>();
        try
        {
            var version = await database.GetSchemaVersionAsync(ct).ConfigureAwait(false);
            checks.Add(new("database", version == CatalogDatabase.LatestSchemaVersion, $"schema {version} of {CatalogDatabase.LatestSchemaVersion}"));
        }
        catch (Exception ex) when (ex is CatalogUnavailableException or System.Data.Common.DbException)
        {
            checks.Add(new("database", false, "unreachable"));
        }
        // Every update is recorded before it is answered: a database that reads but cannot be written answers no one.
        try
        {
            await database.ProbeWritableAsync(ct).ConfigureAwait(false);
            checks.Add(new("database-write", true, "writable"));
        }
        catch (Exception ex) when (ex is CatalogUnavailableException or System.Data.Common.DbException)
        {
            checks.Add(new("database-write", false, "not writable"));
        }
        if (services.GetService<CatalogIndex>() is { } catalog)
        {
            try
            {
                var (count, snapshot) = await catalog.GetAsync(ct).ConfigureAwait(false);
                checks.Add(new("catalog", snapshot is not null, snapshot is null ? $"{count} tracks, no clustering run" : $"{count} tracks"));
            }
            catch (Exception ex) when (ex is CatalogUnavailableException or System.Data.Common.DbException)
            {
                checks.Add(new("catalog", false, "not readable"));
            }
        }
        if (services.GetService<EmotionReader>() is { } emotions)
            checks.Add(new("emotion", emotions.Available, emotions.Available ? "model loaded" : "model not loaded"));
        return checks;
    }
}
