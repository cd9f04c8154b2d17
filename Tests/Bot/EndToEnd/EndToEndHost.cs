using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TuneBot.Bot.Advice;
using TuneBot.Bot.Hosting;
using TuneBot.Tests.Bot.Advice;

namespace TuneBot.Tests.Bot.EndToEnd;

/// <summary>
/// The bot host exactly as Program builds it — real catalog advisor (DTW recommender), real emotion classifier,
/// SQLite — polling a <see cref="FakeBotApi"/> on loopback, over a private copy of the generated catalog (each
/// scenario its own bot state: update ids restart at 1 with every fake server).
/// </summary>
public sealed class EndToEndHost : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tunebot-e2e-" + Guid.NewGuid().ToString("N"));
    public FakeBotApi Api { get; private set; } = null!;
    public IHost Host { get; private set; } = null!;
    public CapturingLoggerProvider Logs { get; } = new();
    public string DatabasePath => Path.Combine(_dir, "catalog.db");

    public static async Task<EndToEndHost> StartAsync(GeneratedCatalog catalog, IReadOnlyDictionary<string, string?>? overrides = null,
        LogLevel minimumLevel = LogLevel.Debug)
    {
        var e = new EndToEndHost();
        Directory.CreateDirectory(e._dir);
        await catalog.Database.CheckpointAsync();
        SqliteConnection.ClearAllPools();
        File.Copy(catalog.DatabasePath, e.DatabasePath);
        e.Api = await FakeBotApi.StartAsync();

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:Token"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = e.Api.BaseUrl,
            ["Telegram:PollTimeoutSeconds"] = "1",
            ["Telegram:RequestTimeoutSeconds"] = "30",
            ["Telegram:RetryBaseDelayMs"] = "20",
            ["Telegram:PerChatMessagesPerSecond"] = "1000",
            ["Telegram:GlobalMessagesPerSecond"] = "1000",
            ["Catalog:Provider"] = "sqlite",
            ["ConnectionStrings:Catalog"] = $"Data Source={e.DatabasePath}",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(minimumLevel);
        builder.Logging.AddProvider(e.Logs);
        BotTestHost.CurrentLogs = e.Logs;
        // The same registration as Bot/Program.cs.
        builder.Services.AddTuneBotAdvice(builder.Configuration);
        builder.Services.AddTuneBotHandlers(builder.Configuration).AddTuneBotTelegram();
        e.Host = builder.Build();
        await e.Host.StartAsync();
        return e;
    }

    public RecordedCall[] MessagesTo(long chatId) => Api.CallsOf("sendMessage").Where(c => c.ChatId == chatId).ToArray();

    public Task WaitAsync(Func<bool> condition, string what) => BotTestHost.WaitUntilAsync(condition, TimeSpan.FromSeconds(60), what);

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(TimeSpan.FromSeconds(30));
        Host.Dispose();
        await Api.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
