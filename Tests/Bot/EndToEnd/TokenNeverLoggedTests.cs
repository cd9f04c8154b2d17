using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;
using TuneBot.Bot.Transport;
using TuneBot.Tests.Bot.Advice;
using Xunit;

namespace TuneBot.Tests.Bot.EndToEnd;

/// <summary>
/// The bot token travels in every request path (<c>/bot&lt;token&gt;/method</c>, <c>/file/bot&lt;token&gt;/…</c>). With
/// logging at Trace, the end-to-end scenario under faults of every kind (each retried, logged, or given up on)
/// leaves no log line and no exception message quoting it. The standard HttpClient logging prints those paths at
/// Information: this test fails if the Telegram client's HttpClient keeps it.
/// </summary>
[Collection(GeneratedCatalogCollection.Name)]
[Trait("Category", "Integration")]
public sealed class TokenNeverLoggedTests(GeneratedCatalog catalog)
{
    private static readonly string[] TokenForms =
        [FakeBotApi.Token, FakeBotApi.SecretPart, Uri.EscapeDataString(FakeBotApi.Token)];

    [Fact]
    public async Task AtTraceNoLogLineAndNoExceptionMessageCarriesTheTokenAndEveryUpdateIsAnsweredOnce()
    {
        await using var e = await EndToEndHost.StartAsync(catalog, new Dictionary<string, string?> { ["Telegram:MaxRetries"] = "8" },
            LogLevel.Trace);
        e.Api.FaultFor = (method, n) => (method, n) switch
        {
            ("getUpdates", 2) => new Fault.Drop(),
            ("sendMessage", 1) => new Fault.Error(500, "Internal Server Error"),   // the fake quotes the path, token and all
            ("sendMessage", 2) => new Fault.HtmlPage(502),
            ("sendChatAction", 1) => new Fault.Error(400, "Bad Request: chat not found"),   // cosmetic: logged, not retried
            ("getFile", 1) => new Fault.Error(429, "Too Many Requests: retry after 1", RetryAfter: 1),
            ("download", 1) => new Fault.Drop(),
            ("answerCallbackQuery", 1) => new Fault.Drop(),
            _ => null,
        };
        var ogg = await File.ReadAllBytesAsync(catalog.VoiceNotePath);
        e.Api.AddFile("voice1", ogg, ogg.Length);
        e.Api.Enqueue(BotTestHost.VoiceNote(60, "voice1", ogg.Length));
        e.Api.Enqueue(BotTestHost.Text(61, "/start"));
        e.Api.Enqueue(BotTestHost.Text(62, "/mood"));
        await e.WaitAsync(() => e.MessagesTo(60).Length == 1 && e.MessagesTo(61).Length == 1 && e.MessagesTo(62).Length == 1, "the first replies");
        var theme = e.MessagesTo(62)[0].Buttons()[0].Data;
        e.Api.Enqueue(BotTestHost.Callback(62, theme));
        await e.WaitAsync(() => e.MessagesTo(62).Length == 2 && e.Api.CallsOf("answerCallbackQuery").Length == 1, "the theme's playlist");

        // The same door refusing outright: what reaches the handlers carries no token either.
        var api = e.Host.Services.GetRequiredService<BotApi>();
        var refusals = new List<Exception>();
        e.Api.FaultFor = (method, _) => method switch
        {
            "sendMessage" => new Fault.Error(403, "Forbidden: bot was blocked by the user"),
            "sendChatAction" => new Fault.HtmlPage(500),
            _ => null,
        };
        refusals.Add(await Assert.ThrowsAsync<ApiRequestException>(() =>
            api.CallAsync("sendMessage", (bot, c) => bot.SendMessage(63, "hi", cancellationToken: c), CancellationToken.None)));
        refusals.Add(await Assert.ThrowsAnyAsync<RequestException>(() =>
            api.CallAsync("sendChatAction", (bot, c) => bot.SendChatAction(63, ChatAction.Typing, cancellationToken: c), CancellationToken.None)));
        await e.Host.StopAsync(TimeSpan.FromSeconds(30));

        // Exactly once despite the faults: each update's replies went out one time each.
        Assert.Single(e.MessagesTo(60));
        Assert.Contains($"1. Glass Harp – {GeneratedCatalog.VoiceSource} (", e.MessagesTo(60)[0].Field("text"));
        Assert.Single(e.MessagesTo(61));
        Assert.Equal(2, e.MessagesTo(62).Length);
        Assert.Single(e.Api.CallsOf("answerCallbackQuery"));
        Assert.Single(e.Api.CallsOf("download"));
        Assert.True(e.Api.FaultsInjected >= 7, $"{e.Api.FaultsInjected} faults");

        var lines = e.Logs.Lines.ToArray();
        Assert.Contains(lines, l => l.StartsWith("Debug ", StringComparison.Ordinal));       // the log really was verbose
        Assert.Contains(lines, l => l.Contains("Telegram sendMessage failed (500: Internal Server Error at /bot<redacted>/sendMessage)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Telegram getFile failed (429:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Telegram file download failed (", StringComparison.Ordinal));
        foreach (var form in TokenForms)
        {
            var leaking = lines.Where(l => l.Contains(form, StringComparison.Ordinal)).ToArray();
            Assert.True(leaking.Length == 0, $"{leaking.Length} log line(s) carry the token, e.g. {leaking.FirstOrDefault()}");
            Assert.All(refusals, ex => Assert.DoesNotContain(form, ex.ToString(), StringComparison.Ordinal));
        }
    }
}
