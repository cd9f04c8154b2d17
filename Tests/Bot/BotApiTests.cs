using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Hosting;
using TuneBot.Bot.Polling;
using TuneBot.Bot.Transport;
using Xunit;

namespace TuneBot.Tests.Bot;

/// <summary>
/// The Bot API door alone — Telegram.Bot's client over the factory HttpClient, our retry policy, redaction — against
/// the fake server on loopback: which faults are retried and how often, size caps, the fields that go out.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BotApiTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<ServiceProvider> _providers = [];
    private FakeBotApi _server = null!;
    private BotApi _api = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeBotApi.StartAsync();
        _api = Build(_server.BaseUrl).GetRequiredService<BotApi>();
    }

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers) await provider.DisposeAsync();
        await _server.DisposeAsync();
        Assert.False(_logs.Contains(FakeBotApi.SecretPart), "the bot token appeared in a log line");
    }

    private ServiceProvider Build(string baseUrl, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:Token"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = baseUrl,
            ["Telegram:RetryBaseDelayMs"] = "10",
            ["Telegram:MaxRetries"] = "3",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostApplicationLifetime, NoLifetime>();
        services.AddTuneBotHandlers(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).AddTuneBotTelegram();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider;
    }

    private Task<User> GetMe(BotApi api) => api.CallAsync("getMe", (bot, c) => bot.GetMe(c), CancellationToken.None);

    [Fact]
    public async Task BadRequestIsNotRetriedAndItsMessageCarriesNoToken()
    {
        _server.FaultFor = (m, _) => m == "sendMessage" ? new Fault.Error(400, "Bad Request: chat not found") : null;
        var ex = await Assert.ThrowsAsync<ApiRequestException>(() =>
            _api.CallAsync("sendMessage", (bot, c) => bot.SendMessage(1, "hi", cancellationToken: c), CancellationToken.None));
        Assert.Equal(400, ex.ErrorCode);
        Assert.Equal(1, _server.FaultsInjected);
        Assert.DoesNotContain(FakeBotApi.SecretPart, ex.ToString());
        Assert.Contains("/bot<redacted>/sendMessage", ex.Message);   // the fake quotes the request path, token and all
    }

    [Fact]
    public async Task BlockedByUserIsNotRetried()
    {
        _server.FaultFor = (m, _) => m == "sendMessage" ? new Fault.Error(403, "Forbidden: bot was blocked by the user") : null;
        var ex = await Assert.ThrowsAsync<ApiRequestException>(() =>
            _api.CallAsync("sendMessage", (bot, c) => bot.SendMessage(1, "hi", cancellationToken: c), CancellationToken.None));
        Assert.Equal(403, ex.ErrorCode);
        Assert.Equal(1, _server.FaultsInjected);
    }

    [Fact]
    public async Task PersistentServerErrorsGiveUpAfterTheConfiguredRetries()
    {
        _server.FaultFor = (m, _) => m == "getMe" ? new Fault.Error(502, "Bad Gateway") : null;
        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => GetMe(_api));
        Assert.Equal(502, ex.ErrorCode);
        Assert.Equal(4, _server.FaultsInjected); // first attempt + 3 retries
        Assert.True(_logs.Contains("Telegram getMe failed (502: Bad Gateway at /bot<redacted>/getMe); retry 3 in "));
    }

    [Fact]
    public async Task AProxysHtmlErrorPageIsRetriedLikeAServerErrorAndQuotesNoToken()
    {
        _server.FaultFor = (m, n) => m == "getMe" && n <= 2 ? new Fault.HtmlPage(502) : null;
        Assert.Equal("tunebot_test_bot", (await GetMe(_api)).Username);
        Assert.Equal(2, _server.FaultsInjected);

        _server.FaultFor = (m, _) => m == "sendChatAction" ? new Fault.HtmlPage(500) : null;
        var ex = await Assert.ThrowsAsync<RequestException>(() =>
            _api.CallAsync("sendChatAction", (bot, c) => bot.SendChatAction(1, ChatAction.Typing, cancellationToken: c), CancellationToken.None));
        Assert.IsNotType<ApiRequestException>(ex);
        Assert.Equal(HttpStatusCode.InternalServerError, ex.HttpStatusCode);
        Assert.Equal(2 + 4, _server.FaultsInjected);
        Assert.Null(ex.InnerException);   // dropped: its text is not the library's to vouch for
        Assert.DoesNotContain(FakeBotApi.SecretPart, ex.ToString());
    }

    [Fact]
    public async Task AProxysHtmlPageWithA4xxStatusIsNotRetried()
    {
        _server.FaultFor = (m, _) => m == "getMe" ? new Fault.HtmlPage(404) : null;
        var ex = await Assert.ThrowsAsync<RequestException>(() => GetMe(_api));
        Assert.Equal(HttpStatusCode.NotFound, ex.HttpStatusCode);
        Assert.Equal(1, _server.FaultsInjected);
    }

    [Fact]
    public async Task DroppedConnectionsAreRetriedAsNetworkFaults()
    {
        _server.FaultFor = (m, n) => m == "getMe" && n <= 2 ? new Fault.Drop() : null;
        var me = await GetMe(_api);
        Assert.Equal("tunebot_test_bot", me.Username);
        Assert.Equal(2, _server.FaultsInjected);
    }

    [Fact]
    public async Task ARequestWithNoAnswerWithinTheHttpClientTimeoutIsRetried()
    {
        var api = Build(_server.BaseUrl, new Dictionary<string, string?>
        {
            ["Telegram:RequestTimeoutSeconds"] = "2", ["Telegram:PollTimeoutSeconds"] = "0",
        }).GetRequiredService<BotApi>();
        _server.FaultFor = (m, n) => m == "getMe" && n == 1 ? new Fault.Stall(TimeSpan.FromSeconds(20)) : null;
        var clock = Stopwatch.StartNew();
        Assert.Equal("tunebot_test_bot", (await GetMe(api)).Username);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(15));
        Assert.Equal(1, _server.FaultsInjected);
        Assert.True(_logs.Contains("Telegram getMe failed (Bot API Request timed out"));
    }

    [Fact]
    public async Task ARefusedConnectionIsRetriedThenSurfacesWithoutTheToken()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var api = Build($"http://127.0.0.1:{closedPort}").GetRequiredService<BotApi>();

        var ex = await Assert.ThrowsAsync<RequestException>(() => GetMe(api));
        Assert.Null(ex.HttpStatusCode);
        Assert.StartsWith("Bot API Service Failure", ex.Message);
        Assert.DoesNotContain(FakeBotApi.SecretPart, ex.ToString());
        Assert.Equal(3, _logs.Lines.Count(l => l.Contains("Telegram getMe failed (Bot API Service Failure", StringComparison.Ordinal)));   // 3 retries, then up
    }

    [Fact]
    public async Task FloodControlIsLeftToOurPolicyTheLibraryDoesNotSleepOnItByItself()
    {
        // With no retries of ours, a 429 must surface at once: Telegram.Bot's own retry (RetryThreshold) is off.
        var api = Build(_server.BaseUrl, new Dictionary<string, string?> { ["Telegram:MaxRetries"] = "0" }).GetRequiredService<BotApi>();
        _server.FaultFor = (m, _) => m == "getMe" ? new Fault.Error(429, "Too Many Requests: retry after 2", RetryAfter: 2) : null;
        var clock = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAsync<ApiRequestException>(() => GetMe(api));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"took {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(429, ex.ErrorCode);
        Assert.Equal(2, ex.Parameters?.RetryAfter);
        Assert.Equal(1, _server.FaultsInjected);

        // With ours, the wait is retry_after exactly, not the 10 ms backoff.
        _server.FaultFor = (m, n) => m == "getMe" && n == 2 ? new Fault.Error(429, "Too Many Requests: retry after 1", RetryAfter: 1) : null;
        clock.Restart();
        Assert.Equal("tunebot_test_bot", (await GetMe(_api)).Username);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal(2, _server.FaultsInjected);
    }

    [Fact]
    public async Task DownloadRefusesAnnouncedOversizeBeforeAnyRequestAndCopiesSmallFiles()
    {
        var attachments = _providers[0].GetRequiredService<TelegramAttachmentSource>();
        var tooBig = await Assert.ThrowsAsync<FileTooLargeException>(() =>
            attachments.DownloadAsync("x", 25L * 1024 * 1024, Stream.Null));
        Assert.Equal(25L * 1024 * 1024, tooBig.ActualBytes);
        Assert.Empty(_server.Calls);

        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        _server.AddFile("ok", bytes, bytes.Length);
        using var copy = new MemoryStream();
        await attachments.DownloadAsync("ok", null, copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task ADownloadLargerThanGetFileAnnouncesIsRefusedBeforeDownloadingAndAHiddenOneIsCutOff()
    {
        var attachments = _providers[0].GetRequiredService<TelegramAttachmentSource>();
        _server.AddFile("announced", new byte[16], 21L * 1024 * 1024);
        var announced = await Assert.ThrowsAsync<FileTooLargeException>(() => attachments.DownloadAsync("announced", null, Stream.Null));
        Assert.Equal(21L * 1024 * 1024, announced.ActualBytes);
        Assert.Empty(_server.CallsOf("download"));

        _server.AddFile("hidden", new byte[21 * 1024 * 1024], reportedSize: null);
        using var copy = new MemoryStream();
        var hidden = await Assert.ThrowsAsync<FileTooLargeException>(() => attachments.DownloadAsync("hidden", null, copy));
        Assert.Null(hidden.ActualBytes);
        Assert.True(copy.Length <= attachments.MaxBytes);
        Assert.Single(_server.CallsOf("download"));   // a size cap is final, not retried
    }

    [Fact]
    public async Task ADownloadDroppedMidwayIsRestartedFromScratch()
    {
        var attachments = _providers[0].GetRequiredService<TelegramAttachmentSource>();
        var bytes = new byte[300_000];
        new Random(1).NextBytes(bytes);
        _server.AddFile("flaky", bytes, bytes.Length);
        _server.FaultFor = (m, n) => m == "download" && n == 1 ? new Fault.Drop() : null;
        using var copy = new MemoryStream();
        await attachments.DownloadAsync("flaky", bytes.Length, copy);
        Assert.Equal(bytes, copy.ToArray());
        Assert.Equal(1, _server.FaultsInjected);
    }

    [Fact]
    public async Task SnakeCaseJsonGoesOutAndComesBack()
    {
        var sent = await _api.CallAsync("sendMessage", (bot, c) => bot.SendMessage(42, "<b>x</b>", ParseMode.Html,
            replyMarkup: new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData("▶ 1", "p:1:0")), cancellationToken: c), CancellationToken.None);
        Assert.Equal(42, sent.Chat.Id);
        var call = Assert.Single(_server.CallsOf("sendMessage"));
        Assert.Equal("42", call.Field("chat_id"));
        Assert.Equal("HTML", call.Field("parse_mode"), ignoreCase: true);   // Telegram reads parse_mode case-insensitively
        Assert.Equal("""{"inline_keyboard":[[{"text":"▶ 1","callback_data":"p:1:0"}]]}""", call.Field("reply_markup"));
    }

    [Fact]
    public async Task EditAndPhotoUploadCarryTheirFields()
    {
        await _api.CallAsync("editMessageText", (bot, c) => bot.EditMessageText(42, 7, "new <i>text</i>", ParseMode.Html, cancellationToken: c),
            CancellationToken.None);
        var edit = Assert.Single(_server.CallsOf("editMessageText"));
        Assert.Equal(("42", "7", "new <i>text</i>"), (edit.Field("chat_id"), edit.Field("message_id"), edit.Field("text")));
        Assert.Equal("HTML", edit.Field("parse_mode"), ignoreCase: true);

        await _api.CallAsync("sendPhoto", (bot, c) => bot.SendPhoto(42, InputFile.FromStream(new MemoryStream(new byte[1234]), "map.png"),
            "the <b>map</b>", ParseMode.Html, cancellationToken: c), CancellationToken.None);
        var photo = Assert.Single(_server.CallsOf("sendPhoto"));
        Assert.Equal(1234, photo.FileBytes["photo"]);
        Assert.Equal("the <b>map</b>", photo.Field("caption"));
        Assert.Equal("HTML", photo.Field("parse_mode"), ignoreCase: true);
    }

    private sealed class NoLifetime : Microsoft.Extensions.Hosting.IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
