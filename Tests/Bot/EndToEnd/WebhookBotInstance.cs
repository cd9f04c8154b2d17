using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TuneBot.Bot.Hosting;
using TuneBot.Bot.Inbox;
using TuneBot.Bot.Ports;

namespace TuneBot.Tests.Bot.EndToEnd;

/// <summary>
/// One bot instance in webhook mode, built as Program builds it (TuneBotWeb) on Kestrel at a free loopback port,
/// over a shared catalog database, talking to a <see cref="FakeBotApi"/>. <see cref="KillAsync"/> stops it the way a
/// crash would as far as the database sees: handlers cancelled mid-way, nothing released, connections cut.
/// </summary>
public sealed class WebhookBotInstance : IAsyncDisposable
{
    private WebhookBotInstance(WebApplication app, string url)
    {
        App = app;
        WebhookUrl = url;
    }

    public WebApplication App { get; }
    /// <summary>Where this instance's webhook endpoint listens (what a load balancer forwards to).</summary>
    public string WebhookUrl { get; }
    public string BaseUrl => WebhookUrl[..WebhookUrl.IndexOf("/telegram/", StringComparison.Ordinal)];
    public InboxWorker Inbox => App.Services.GetRequiredService<InboxWorker>();
    private bool _stopped;

    public static async Task<WebhookBotInstance> StartAsync(FakeBotApi api, string provider, string connectionString,
        CapturingLoggerProvider logs, IMusicAdvisor advisor, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Telegram:Token"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Telegram:Mode"] = "webhook",
            // The public URL Telegram is told; the fake delivers to each instance's own address, as a balancer does.
            ["Telegram:WebhookUrl"] = "http://127.0.0.1:9/telegram/webhook",
            ["Telegram:RequestTimeoutSeconds"] = "10",
            ["Telegram:RetryBaseDelayMs"] = "20",
            ["Telegram:PerChatMessagesPerSecond"] = "1",
            ["Telegram:GlobalMessagesPerSecond"] = "30",
            ["Bot:Instances"] = "3",
            // Long enough that a live holder's renewals (every third) never miss it on a loaded CI runner; a killed one's
            // updates wait this long before another instance takes them over.
            ["Inbox:LeaseSeconds"] = "9",
            ["Inbox:PollIntervalMs"] = "100",
            ["Catalog:Provider"] = provider,
            ["ConnectionStrings:Catalog"] = connectionString,
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton(advisor);
        builder.Services.AddSingleton<IEmotionReader>(new TestDoubleEmotionReader());
        builder.AddTuneBotTelegramWeb();
        var app = builder.Build();
        app.MapTuneBotEndpoints();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WebhookBotInstance(app, address + "/telegram/webhook");
    }

    /// <summary>Stops abruptly, without draining: an already cancelled stop token cancels every handler at once.</summary>
    public async Task KillAsync()
    {
        _stopped = true;
        await App.StopAsync(new CancellationToken(canceled: true));
        await App.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped) return;
        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await App.StopAsync(timeout.Token);
        await App.DisposeAsync();
    }
}
