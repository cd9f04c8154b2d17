using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TuneBot.Bot.Transport;
using TuneBot.Tests.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Bot.EndToEnd;

/// <summary>
/// Start-up refuses a scale-out that cannot work (several instances on SQLite, or polling), webhook mode needs a URL
/// Telegram can post to, and the health endpoints answer over real HTTP.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScaleOutSettingsTests
{
    [Fact]
    public async Task SeveralInstancesOnSqliteAreRefusedAtStartWithTheReason()
    {
        await using var api = await FakeBotApi.StartAsync();
        await using var db = await CatalogTestDatabase.CreateAsync("sqlite");
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => WebhookBotInstance.StartAsync(
            api, "sqlite", db.Database.ConnectionString, new CapturingLoggerProvider(), new TestDoubleMusicAdvisor()));
        Assert.Contains("Bot:Instances is 3, but the catalog database is SQLite", ex.Message);
        Assert.Contains("postgres or mysql", ex.Message);
        Assert.Empty(api.CallsOf("setWebhook"));
    }

    [Fact]
    public async Task SeveralInstancesInPollingModeAreRefused()
    {
        await using var api = await FakeBotApi.StartAsync();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => WebhookBotInstance.StartAsync(
            api, "postgres", "Host=127.0.0.1;Port=1;Database=x", new CapturingLoggerProvider(), new TestDoubleMusicAdvisor(),
            new Dictionary<string, string?> { ["Telegram:Mode"] = "polling", ["Telegram:PollTimeoutSeconds"] = "1" }));
        Assert.Contains("set Telegram:Mode to webhook for several instances", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://bot.example.org/telegram/webhook")] // Telegram posts to https only
    [InlineData("/telegram/webhook")]
    public void WebhookModeNeedsAnHttpsUrl(string url)
    {
        var result = new TelegramOptionsValidator().Validate(null, new TelegramOptions { Mode = ReceiveMode.Webhook, WebhookUrl = url });
        Assert.Contains("Telegram:WebhookUrl must be the public https URL", result.FailureMessage);
        Assert.True(new TelegramOptionsValidator().Validate(null,
            new TelegramOptions { Mode = ReceiveMode.Webhook, WebhookUrl = "https://bot.example.org/tg" }).Succeeded);
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    public async Task HealthIsLiveAndReadyWithTheDatabaseAndNotReadyWithoutItsSchema(string provider)
    {
        await using var api = await FakeBotApi.StartAsync();
        await using var db = await CatalogTestDatabase.CreateAsync(provider);
        var single = new Dictionary<string, string?> { ["Bot:Instances"] = "1" };
        await using var bot = await WebhookBotInstance.StartAsync(api, provider, db.Database.ConnectionString, new CapturingLoggerProvider(),
            new TestDoubleMusicAdvisor(), single);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(bot.BaseUrl + "/health/live")).StatusCode);
        var ready = await http.GetAsync(bot.BaseUrl + "/health/ready");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(body.GetProperty("checks").GetProperty("database").GetProperty("ready").GetBoolean());

        // A database that no longer holds this program's schema (dropped, restored from an old backup): alive, not ready.
        await using (var conn = await db.Database.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(conn, "DROP TABLE schema_version");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(bot.BaseUrl + "/health/live")).StatusCode);
        var notReady = await http.GetAsync(bot.BaseUrl + "/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("schema 0 of", await notReady.Content.ReadAsStringAsync());
    }
    [Fact]
    public async Task HealthIsNotReadyWhileTheSqliteCatalogCannotBeWrittenAndReadyAgainAfter()
    {
        await using var api = await FakeBotApi.StartAsync();
        await using var db = await CatalogTestDatabase.CreateAsync("sqlite");
        await using var bot = await WebhookBotInstance.StartAsync(api, "sqlite", db.Database.ConnectionString, new CapturingLoggerProvider(),
            new TestDoubleMusicAdvisor(), new Dictionary<string, string?> { ["Bot:Instances"] = "1" });
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(bot.BaseUrl + "/health/ready")).StatusCode);

        // The rollback journal cannot be created (a folder holds its name), as on a full or read-only filesystem: the
        // catalog still reads, but no update could be recorded.
        var journal = db.Database.SqliteFilePath + "-journal";
        Directory.CreateDirectory(journal);
        try
        {
            var notReady = await http.GetAsync(bot.BaseUrl + "/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            var checks = JsonDocument.Parse(await notReady.Content.ReadAsStringAsync()).RootElement.GetProperty("checks");
            Assert.False(checks.GetProperty("database-write").GetProperty("ready").GetBoolean());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(bot.BaseUrl + "/health/live")).StatusCode);
        }
        finally
        {
            Directory.Delete(journal);
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(bot.BaseUrl + "/health/ready")).StatusCode);
    }
}
