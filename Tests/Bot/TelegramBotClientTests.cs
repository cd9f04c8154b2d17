using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TuneBot.Bot.Hosting;
using TuneBot.Bot.Telegram;
using TuneBot.Bot.Telegram.Exceptions;
using Xunit;

namespace TuneBot.Tests.Bot;

/// <summary>The Bot API client alone against the fake server: typed errors, retries, size caps, redaction.</summary>
public sealed class TelegramBotClientTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private FakeBotApi _api = null!;
    private ServiceProvider _services = null!;
    private TelegramBotClient _client = null!;

    public async Task InitializeAsync()
    {
        _api = await FakeBotApi.StartAsync();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:Token"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = _api.BaseUrl,
            ["Telegram:RetryBaseDelayMs"] = "10",
            ["Telegram:MaxRetries"] = "3",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostApplicationLifetime, NoLifetime>();
        services.AddTuneBotHandlers(config).AddTuneBotTelegram();
        _services = services.BuildServiceProvider();
        _client = _services.GetRequiredService<TelegramBotClient>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _api.DisposeAsync();
        Assert.False(_logs.Contains(FakeBotApi.SecretPart), "the bot token appeared in a log line");
    }

    [Fact]
    public async Task BadRequestIsTypedNotRetriedAndCarriesNoToken()
    {
        _api.FaultFor = (m, _) => m == "sendMessage" ? new Fault.Error(400, "Bad Request: chat not found") : null;
        var ex = await Assert.ThrowsAsync<TelegramApiException>(() => _client.SendMessageAsync(1, "hi"));
        Assert.Equal(400, ex.ErrorCode);
        Assert.Equal(1, _api.FaultsInjected);
        Assert.DoesNotContain(FakeBotApi.SecretPart, ex.ToString());
        Assert.Contains("/bot<redacted>/sendMessage", ex.Message);
    }

    [Fact]
    public async Task BlockedByUserIsNotRetried()
    {
        _api.FaultFor = (m, _) => m == "sendMessage" ? new Fault.Error(403, "Forbidden: bot was blocked by the user") : null;
        var ex = await Assert.ThrowsAsync<TelegramApiException>(() => _client.SendMessageAsync(1, "hi"));
        Assert.Equal(403, ex.ErrorCode);
        Assert.Equal(1, _api.FaultsInjected);
    }

    [Fact]
    public async Task PersistentServerErrorsGiveUpAfterTheConfiguredRetries()
    {
        _api.FaultFor = (m, _) => m == "getMe" ? new Fault.Error(502, "Bad Gateway") : null;
        var ex = await Assert.ThrowsAsync<TelegramApiException>(() => _client.GetMeAsync());
        Assert.Equal(502, ex.ErrorCode);
        Assert.Equal(4, _api.FaultsInjected); // first attempt + 3 retries
    }

    [Fact]
    public async Task DroppedConnectionsAreRetriedAsNetworkFaults()
    {
        _api.FaultFor = (m, n) => m == "getMe" && n <= 2 ? new Fault.Drop() : null;
        var me = await _client.GetMeAsync();
        Assert.Equal("tunebot_test_bot", me.Username);
        Assert.Equal(2, _api.FaultsInjected);
    }

    [Fact]
    public async Task DownloadRefusesAnnouncedOversizeBeforeAnyRequestAndCopiesSmallFiles()
    {
        var tooBig = await Assert.ThrowsAsync<FileTooLargeException>(() =>
            _client.DownloadFileAsync("x", Stream.Null, knownSize: 25L * 1024 * 1024));
        Assert.Equal(25L * 1024 * 1024, tooBig.ActualBytes);
        Assert.Empty(_api.Calls);

        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        _api.AddFile("ok", bytes, bytes.Length);
        using var copy = new MemoryStream();
        Assert.Equal(bytes.Length, await _client.DownloadFileAsync("ok", copy));
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task ADownloadDroppedMidwayIsRestartedFromScratch()
    {
        var bytes = new byte[300_000];
        new Random(1).NextBytes(bytes);
        _api.AddFile("flaky", bytes, bytes.Length);
        _api.FaultFor = (m, n) => m == "download" && n == 1 ? new Fault.Drop() : null;
        using var copy = new MemoryStream();
        await _client.DownloadFileAsync("flaky", copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task SnakeCaseJsonGoesOutAndComesBack()
    {
        await _client.SendMessageAsync(42, "<b>x</b>", new TuneBot.Bot.Telegram.Types.InlineKeyboardMarkup
        {
            InlineKeyboard = [[new() { Text = "▶ 1", CallbackData = "p:1:0" }]],
        });
        var call = Assert.Single(_api.CallsOf("sendMessage"));
        Assert.Equal("42", call.Field("chat_id"));
        Assert.Equal("HTML", call.Field("parse_mode"));
        Assert.Equal("""{"inline_keyboard":[[{"text":"▶ 1","callback_data":"p:1:0"}]]}""", call.Field("reply_markup"));
    }

    [Fact]
    public async Task EditAndPhotoUploadCarryTheirFields()
    {
        await _client.EditMessageTextAsync(42, 7, "new <i>text</i>");
        var edit = Assert.Single(_api.CallsOf("editMessageText"));
        Assert.Equal(("42", "7", "new <i>text</i>", "HTML"), (edit.Field("chat_id"), edit.Field("message_id"), edit.Field("text"), edit.Field("parse_mode")));

        await _client.SendPhotoAsync(42, new TuneBot.Bot.Telegram.Requests.InputFile("map.png", new byte[1234], "image/png"), "the <b>map</b>");
        var photo = Assert.Single(_api.CallsOf("sendPhoto"));
        Assert.Equal(1234, photo.FileBytes["photo"]);
        Assert.Equal("the <b>map</b>", photo.Field("caption"));
        Assert.Equal("HTML", photo.Field("parse_mode"));
    }

    private sealed class NoLifetime : Microsoft.Extensions.Hosting.IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
