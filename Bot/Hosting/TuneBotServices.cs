using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using TuneBot.Bot.Console;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Health;
using TuneBot.Bot.Inbox;
using TuneBot.Bot.Localization;
using TuneBot.Bot.Polling;
using TuneBot.Bot.Ports;
using TuneBot.Bot.State;
using TuneBot.Bot.Transport;
using TuneBot.Bot.Telemetry;
using TuneBot.Bot.Webhook;
using TuneBot.Core.Storage;

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
            .PostConfigure(o => o.Token = TokenFrom(configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>());
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>>(new InstancesValidator(configuration)));
        services.AddOptions<InboxOptions>().Bind(configuration.GetSection(InboxOptions.Section));
        services.AddOptions<ConsoleChatOptions>().Bind(configuration.GetSection(ConsoleChatOptions.Section));

        services.TryAddSingleton(_ => CatalogDatabase.Create(configuration["Catalog:Provider"], configuration.GetConnectionString("Catalog")));
        services.TryAddSingleton<IBotStateStore, BotStateStore>();
        // Registered first among the bot's hosted services, so the schema exists before polling starts.
        services.AddHostedService<CatalogMigration>();

        services.AddSingleton<ChatLanguages>(_ => new ChatLanguages());
        services.AddSingleton<ClipFolder>();
        services.AddHostedService(sp => sp.GetRequiredService<ClipFolder>());
        services.AddSingleton<ClipHandler>();
        services.AddSingleton<MoodHandler>();
        services.AddSingleton<CatalogHandler>();
        services.AddSingleton<UpdateRouter>();
        return services;
    }

    /// <summary>
    /// Telegram.Bot's client over a factory HttpClient (without the default logging handlers, which print request
    /// URLs and so the token), the retry policy around it, the two receivers (polling, webhook registration) and the
    /// inbox worker. The webhook and health endpoints are mapped by <see cref="TuneBotWeb"/>.
    /// </summary>
    public static IServiceCollection AddTuneBotTelegram(this IServiceCollection services)
    {
        services.AddHttpClient(BotApi.HttpClientName, (sp, http) =>
            {
                // The long poll must end before this does (TelegramOptionsValidator); Telegram.Bot reads it as its timeout.
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<TelegramOptions>>().Value.RequestTimeoutSeconds);
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // The client lives as long as the bot: connections are recycled here instead of by handler rotation.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.All,
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers();
        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var token = options.Token ?? throw new InvalidOperationException("No Telegram token configured (TUNEBOT_TOKEN or Telegram:Token).");
            // RetryThreshold 0: the library would otherwise sleep on 429 by itself; BotApiRetryPipeline decides retries.
            return new TelegramBotClient(new TelegramBotClientOptions(token, options.ServerUrl) { RetryThreshold = 0 },
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(BotApi.HttpClientName));
        });
        services.AddMetrics();
        services.TryAddSingleton<BotMetrics>();
        services.AddSingleton<BotApi>();
        services.AddSingleton<OutgoingRateLimiter>();
        services.AddSingleton<TelegramAttachmentSource>();
        services.AddSingleton<InboxSignal>();
        services.AddSingleton<WebhookSecret>();
        services.AddSingleton<Readiness>();
        // Both receivers are registered; each runs only in its Telegram:Mode. Both store into the inbox, which the
        // inbox worker drains: one handling path.
        services.AddHostedService<PollingWorker>();
        services.AddHostedService<WebhookRegistration>();
        services.AddSingleton<InboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<InboxWorker>());
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
