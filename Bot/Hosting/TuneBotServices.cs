using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TuneBot.Bot.Console;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Localization;
using TuneBot.Bot.Polling;
using TuneBot.Bot.Ports;
using TuneBot.Bot.Telegram;
using TuneBot.Core.Catalog;

namespace TuneBot.Bot.Hosting;

/// <summary>Service registration for the bot: shared handlers, then either the Telegram worker or the console chat.</summary>
public static class TuneBotServices
{
    /// <summary>The token from <c>TUNEBOT_TOKEN</c> or <c>Telegram:Token</c>; null when neither is set (console mode).</summary>
    public static string? TokenFrom(IConfiguration configuration)
    {
        var token = configuration["TUNEBOT_TOKEN"];
        if (string.IsNullOrWhiteSpace(token)) token = configuration[$"{TelegramOptions.Section}:Token"];
        return string.IsNullOrWhiteSpace(token) ? null : token.Trim();
    }

    /// <summary>
    /// Options, the bot-state store and the handlers. The handlers need the music and emotion ports
    /// (<see cref="IMusicAdvisor"/>, <see cref="IEmotionReader"/>): register them first — the real ones with
    /// <c>AddTuneBotAdvice</c> (Bot/Advice), or test doubles. The database and the store are added with TryAdd.
    /// </summary>
    public static IServiceCollection AddTuneBotHandlers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelegramOptions>()
            .Bind(configuration.GetSection(TelegramOptions.Section))
            .PostConfigure(o => o.Token = TokenFrom(configuration));
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.Section));
        services.AddOptions<ConsoleChatOptions>().Bind(configuration.GetSection(ConsoleChatOptions.Section));

        services.TryAddSingleton(_ => CatalogDatabase.Create(configuration["Catalog:Provider"], configuration.GetConnectionString("Catalog")));
        services.TryAddSingleton<IBotStateStore, BotStateStore>();
        // Registered first among the bot's hosted services, so the schema exists before polling starts.
        services.AddHostedService<CatalogMigration>();

        services.AddSingleton<ChatLanguages>(_ => new ChatLanguages());
        services.AddSingleton<ClipHandler>();
        services.AddSingleton<MoodHandler>();
        services.AddSingleton<CatalogHandler>();
        services.AddSingleton<UpdateRouter>();
        return services;
    }

    /// <summary>The Bot API client (HttpClient without the default URL-logging handlers, which would log the token) and the polling worker.</summary>
    public static IServiceCollection AddTuneBotTelegram(this IServiceCollection services)
    {
        services.AddHttpClient(TelegramBotClient.HttpClientName, http =>
            {
                // Per-request deadlines are set by the client (long polls need more than the default 100 s).
                http.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.All,
            })
            .RemoveAllLoggers();
        services.AddSingleton<TelegramBotClient>();
        services.AddSingleton<OutgoingRateLimiter>();
        services.AddSingleton<TelegramAttachmentSource>();
        services.AddSingleton<PollingWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<PollingWorker>());
        return services;
    }

    /// <summary>The console chat on stdin/stdout.</summary>
    public static IServiceCollection AddTuneBotConsole(this IServiceCollection services)
    {
        services.AddSingleton<ConsoleChat>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleChat>());
        return services;
    }
}
