using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TuneBot.Bot.Advice;
using TuneBot.Core.Storage;

namespace TuneBot.Tests.Bot.Advice;

/// <summary>The real advisor and emotion reader as the bot registers them, over a given catalog database.</summary>
internal static class AdviceTestServices
{
    public static ServiceProvider Build(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(CatalogDatabase.Create("sqlite", connectionString));
        services.AddTuneBotAdvice(configuration);
        return services.BuildServiceProvider();
    }
}
