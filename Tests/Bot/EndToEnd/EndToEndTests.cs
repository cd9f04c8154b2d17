using Dapper;
using Microsoft.Data.Sqlite;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Localization;
using TuneBot.Tests.Bot.Advice;
using Xunit;

namespace TuneBot.Tests.Bot.EndToEnd;

/// <summary>
/// End to end with everything real except Telegram: the fake Bot API on loopback, the bot host as Program builds
/// it, the DTW recommender over a generated catalog (ffmpeg-made tracks, ingested and clustered for real), the
/// ONNX emotion classifier, ffmpeg previews and ScottPlot maps.
/// </summary>
[Collection(GeneratedCatalogCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EndToEndTests(GeneratedCatalog catalog)
{
    private static readonly Strings En = Strings.For("en");
    private static readonly Strings Ko = Strings.For("ko");

    [Fact]
    public async Task VoiceNoteGetsAPlaylistLedByTheRecordedTrackAndItsPreviewAndMapButtonsWork()
    {
        await using var e = await EndToEndHost.StartAsync(catalog);
        var ogg = await File.ReadAllBytesAsync(catalog.VoiceNotePath);
        e.Api.AddFile("voice1", ogg, ogg.Length);
        e.Api.Enqueue(BotTestHost.VoiceNote(10, "voice1", ogg.Length));
        await e.WaitAsync(() => e.MessagesTo(10).Length >= 1, "the playlist");

        var playlist = Assert.Single(e.MessagesTo(10));
        var text = playlist.Field("text");
        Assert.Contains($"1. Glass Harp – {GeneratedCatalog.VoiceSource} (", text);
        Assert.Contains(e.Api.CallsOf("sendChatAction"), c => c.ChatId == 10);
        var buttons = playlist.Buttons();
        var preview = buttons.Single(b => b.Text == "▶ 1");
        var sourceId = catalog.Track(GeneratedCatalog.VoiceSource).Id;
        Assert.StartsWith($"p:{sourceId}:", preview.Data);
        var map = buttons.Single(b => b.Data.StartsWith("g:", StringComparison.Ordinal));
        Assert.Contains(buttons, b => b.Data.StartsWith("m:", StringComparison.Ordinal));

        e.Api.Enqueue(BotTestHost.Callback(10, preview.Data));
        await e.WaitAsync(() => e.Api.CallsOf("sendAudio").Length >= 1, "the preview");
        var audio = Assert.Single(e.Api.CallsOf("sendAudio"));
        Assert.Equal(GeneratedCatalog.VoiceSource, audio.Field("title"));
        Assert.Equal("Glass Harp", audio.Field("performer"));
        var mp3 = Path.Combine(catalog.Directory, $"sent-{Guid.NewGuid():N}.mp3");
        await File.WriteAllBytesAsync(mp3, audio.FileContents!["audio"]);
        var (codec, duration, title) = GeneratedCatalog.Probe(mp3);
        Assert.Equal("mp3", codec);
        Assert.InRange(duration, 20, 31.5);
        Assert.Equal(GeneratedCatalog.VoiceSource, title);

        e.Api.Enqueue(BotTestHost.Callback(10, map.Data));
        await e.WaitAsync(() => e.Api.CallsOf("sendPhoto").Length >= 1, "the map");
        AssertPng(Assert.Single(e.Api.CallsOf("sendPhoto")).FileContents!["photo"]);
        await e.WaitAsync(() => e.Api.CallsOf("answerCallbackQuery").Length >= 2, "both callbacks answered");
    }

    [Fact]
    public async Task ACorruptVoiceNoteGetsTheFriendlyError()
    {
        await using var e = await EndToEndHost.StartAsync(catalog);
        var bytes = await File.ReadAllBytesAsync(catalog.CorruptOggPath);
        e.Api.AddFile("bad", bytes, bytes.Length);
        e.Api.Enqueue(BotTestHost.VoiceNote(11, "bad", bytes.Length));
        await e.WaitAsync(() => e.MessagesTo(11).Length >= 1, "the error");
        Assert.Equal(En.CorruptAudio, Assert.Single(e.MessagesTo(11)).Field("text"));
    }

    [Fact]
    public async Task FeelingsTextGetsAMoodPlaylistAndACorrectionChangesItAndIsStored()
    {
        await using var e = await EndToEndHost.StartAsync(catalog);
        e.Api.Enqueue(BotTestHost.Text(20, "I am so happy today, everything is wonderful and I love it!"));
        await e.WaitAsync(() => e.MessagesTo(20).Length >= 1, "the mood reply");
        var first = Assert.Single(e.MessagesTo(20));
        var corrections = first.Buttons().Where(b => b.Data.StartsWith("e:", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(corrections);
        string? predicted = null;
        if (first.Field("text").StartsWith("You sound ", StringComparison.Ordinal))
        {
            predicted = corrections[0].Data.Split(':')[1];
            // A clearly happy sentence: the real classifier must hear it as happy.
            Assert.Equal("happy", predicted);
            Assert.StartsWith(PlaylistFormatter.Html(En.YouSound(En.Emotion("happy"))), first.Field("text"));
            Assert.NotEmpty(Tracks(first.Field("text")));
        }
        var chosen = predicted == "sad" ? "happy" : "sad";
        var data = corrections.Single(b => b.Data.EndsWith(":" + chosen, StringComparison.Ordinal)).Data;

        e.Api.Enqueue(BotTestHost.Callback(20, data));
        await e.WaitAsync(() => e.MessagesTo(20).Length >= 2, "the corrected playlist");
        var second = e.MessagesTo(20)[1].Field("text");
        Assert.StartsWith(PlaylistFormatter.Html(En.YouFeel(En.Emotion(chosen))), second);
        Assert.NotEqual(Tracks(first.Field("text")), Tracks(second));
        Assert.NotEmpty(Tracks(second));
        await e.WaitAsync(() => e.Api.CallsOf("answerCallbackQuery").Length >= 1, "the callback answer");

        await using var connection = new SqliteConnection($"Data Source={e.DatabasePath}");
        var stored = await connection.QueryAsync<string>("SELECT value FROM feedback WHERE chat_id = 20 AND kind = @k", new { k = MoodHandler.CorrectionFeedbackKind });
        Assert.Equal($"{predicted ?? "-"}->{chosen}", Assert.Single(stored));
    }

    [Fact]
    public async Task MoodKeyboardInKoreanThenATapAnswersTheCallbackAndSendsThatThemesPlaylist()
    {
        await using var e = await EndToEndHost.StartAsync(catalog);
        e.Api.Enqueue(BotTestHost.Text(30, "/mood", language: "ko"));
        await e.WaitAsync(() => e.MessagesTo(30).Length >= 1, "the keyboard");
        var keyboard = Assert.Single(e.MessagesTo(30));
        Assert.Equal(Ko.PickTheme, keyboard.Field("text"));
        var themes = keyboard.Buttons();
        Assert.Equal(4, themes.Length);
        Assert.All(themes, b => Assert.Matches("[가-힣]", b.Text));

        e.Api.Enqueue(BotTestHost.Callback(30, themes[1].Data, language: "ko"));
        await e.WaitAsync(() => e.MessagesTo(30).Length >= 2, "the theme's playlist");
        Assert.Single(e.Api.CallsOf("answerCallbackQuery"));
        var playlist = e.MessagesTo(30)[1];
        var name = themes[1].Text[(themes[1].Text.IndexOf(' ') + 1)..];
        Assert.Contains($"<b>{name}</b>", playlist.Field("text"));
        Assert.NotEmpty(Tracks(playlist.Field("text")));
    }

    [Fact]
    public async Task SimilarByFuzzyTitleAndMapCommandWork()
    {
        await using var e = await EndToEndHost.StartAsync(catalog);
        e.Api.Enqueue(BotTestHost.Text(40, "/similar cafe noir"));
        await e.WaitAsync(() => e.MessagesTo(40).Length >= 1, "the similar tracks");
        var text = Assert.Single(e.MessagesTo(40)).Field("text");
        Assert.Contains("Café Noir", text.Split('\n')[0]);
        Assert.DoesNotContain("Café Noir", string.Join('\n', Tracks(text)));
        Assert.Equal(10, Tracks(text).Length);

        e.Api.Enqueue(BotTestHost.Text(40, "/map"));
        await e.WaitAsync(() => e.Api.CallsOf("sendPhoto").Length >= 1, "the map");
        AssertPng(Assert.Single(e.Api.CallsOf("sendPhoto")).FileContents!["photo"]);
    }

    private static string[] Tracks(string text) =>
        text.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d+\. ")).ToArray();

    private static void AssertPng(byte[] bytes)
    {
        Assert.True(bytes.Length > 1000, $"{bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }
}
