using System.CommandLine;
using System.Globalization;
using TuneBot.Core.Storage;

namespace TuneBot.CatalogTool.Commands;

/// <summary>What the catalog tool's commands share: the <c>--db</c> option, opening the catalog, exit codes, number format.</summary>
internal static class CatalogCommandLine
{
    /// <summary>The <c>--db</c> option shared by the catalog commands.</summary>
    internal static Option<string?> DbOption() => new("--db")
    {
        Description = "Catalog database: a SQLite file path, a PostgreSQL connection string (Host=…) / postgres:// URI, " +
                      "or a MySQL one (Server=…) / mysql:// URI " +
                      "(default: Catalog:Provider / ConnectionStrings:Catalog from appsettings.json or the environment, e.g. ConnectionStrings__Catalog)",
    };

    /// <summary>Opens and migrates the catalog database named by <c>--db</c> or the environment.</summary>
    /// <exception cref="ArgumentException">Unusable --db value.</exception>
    /// <exception cref="CatalogUnavailableException">Database unreachable.</exception>
    internal static async Task<CatalogDatabase> OpenAsync(string? db, CancellationToken ct)
    {
        var database = ToolConfiguration.Database(db);
        await database.MigrateAsync(ct);
        return database;
    }

    /// <summary>Runs <paramref name="body"/> mapping failures to the contract's exit codes and one-line messages.</summary>
    internal static async Task<int> Guard(TextWriter stderr, CancellationToken ct, Func<Task<int>> body)
    {
        try { return await body(); }
        catch (ArgumentException e) { await stderr.WriteLineAsync(e.Message); return 2; }
        catch (CatalogUnavailableException e) { await stderr.WriteLineAsync(e.Message); return 1; }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { await stderr.WriteLineAsync("Cancelled."); return 130; }
        catch (Exception e) { await stderr.WriteLineAsync($"internal error: {e.GetType().Name}: {e.Message}"); return 1; }
    }

    /// <summary>Formats <paramref name="v"/> with the invariant culture (the tool's output never follows the locale).</summary>
    internal static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
