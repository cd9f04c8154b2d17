using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using TuneBot.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Bot;

/// <summary>
/// One end-to-end scenario's parts: a temp folder with a migrated SQLite file, the fake Bot API on loopback, the
/// captured log and the advisor's test double; bot hosts are started on them. Disposing checks that the token never
/// reached the log.
/// </summary>
public sealed class BotScenario : IAsyncDisposable
{
    public string Dir { get; }
    public string Db { get; }
    public FakeBotApi Api { get; }
    public CapturingLoggerProvider Logs { get; } = new();
    public TestDoubleMusicAdvisor Advisor { get; } = new();

    private BotScenario(string dir, string db, FakeBotApi api) => (Dir, Db, Api) = (dir, db, api);

    /// <param name="name">Names the temp folder, so a left-over one says which tests made it.</param>
    public static async Task<BotScenario> StartAsync(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"tunebot-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "bot.db");
        await CatalogDatabase.Create("sqlite", path).MigrateAsync();
        return new BotScenario(dir, $"Data Source={path}", await FakeBotApi.StartAsync());
    }

    /// <summary>Starts the real bot host on this scenario's fake API and (unless given another) SQLite file.</summary>
    public async Task<IHost> StartBotAsync(IReadOnlyDictionary<string, string?>? overrides = null, string? connectionString = null)
    {
        var host = BotTestHost.Build(Api, connectionString ?? Db, Logs, Advisor, overrides);
        await host.StartAsync();
        return host;
    }

    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync(TimeSpan.FromSeconds(30));
        host.Dispose();
    }

    public RecordedCall[] MessagesTo(long chatId) => Api.CallsOf("sendMessage").Where(c => c.ChatId == chatId).ToArray();

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        Assert.False(Logs.Contains(FakeBotApi.SecretPart), "the bot token appeared in a log line");
    }
}

/// <summary>An xunit class of end-to-end scenarios, each test on a fresh <see cref="BotScenario"/>.</summary>
public abstract class BotScenarioTestClass(string name) : IAsyncLifetime
{
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    protected BotScenario Scenario { get; private set; } = null!;
    protected FakeBotApi _api => Scenario.Api;
    protected string _db => Scenario.Db;
    protected CapturingLoggerProvider _logs => Scenario.Logs;
    protected TestDoubleMusicAdvisor _advisor => Scenario.Advisor;

    public async Task InitializeAsync() => Scenario = await BotScenario.StartAsync(name);

    public async Task DisposeAsync() => await Scenario.DisposeAsync();

    protected Task<IHost> StartBotAsync(IReadOnlyDictionary<string, string?>? overrides = null, string? connectionString = null) =>
        Scenario.StartBotAsync(overrides, connectionString);

    protected static Task StopAsync(IHost host) => BotScenario.StopAsync(host);

    protected RecordedCall[] MessagesTo(long chatId) => Scenario.MessagesTo(chatId);
}
