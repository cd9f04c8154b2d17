using Microsoft.Extensions.Configuration;
using TuneBot.Core.Storage;
using TuneBot.Core.Emotion;
using TuneBot.Core.Recommendation;

namespace TuneBot.CatalogTool;

/// <summary>
/// The catalog tool's configuration, built as the bot's host builds its own: appsettings.json next to the binary,
/// then environment variables (<c>Catalog__Provider</c>, <c>ConnectionStrings__Catalog</c>, <c>Recommender__…</c>, <c>Emotion__…</c>),
/// so every command runs on the catalog and with the tuning the bot runs. Read on each use: a test or a shell may
/// change the environment between commands.
/// </summary>
public static class ToolConfiguration
{
    public static IConfiguration Build() => new ConfigurationBuilder().SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true).AddEnvironmentVariables().Build();

    /// <summary>The catalog named by <c>--db</c>, else the configured one (<c>Catalog:Provider</c>, <c>ConnectionStrings:Catalog</c>).</summary>
    /// <exception cref="ArgumentException">Unusable --db value or configuration.</exception>
    public static CatalogDatabase Database(string? db)
    {
        var configuration = Build();
        return CatalogDatabase.FromCommandLine(db, configuration["Catalog:Provider"], configuration.GetConnectionString("Catalog"));
    }

    /// <summary>The recommender's tuning from <c>Recommender:*</c> (the bot's section); defaults are the measured ones.</summary>
    public static RecommenderOptions Recommender() =>
        Build().GetSection("Recommender").Get<RecommenderOptions>() ?? new RecommenderOptions();

    /// <summary>The emotion classifier's settings from <c>Emotion:*</c> (the bot's section).</summary>
    public static EmotionOptions Emotion() =>
        Build().GetSection(EmotionOptions.Section).Get<EmotionOptions>() ?? new EmotionOptions();
}
