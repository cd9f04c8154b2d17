using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using TuneBot.Bot.Handlers;
using TuneBot.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Bot;

/// <summary>End to end: the real bot host polling a fake Bot API over loopback HTTP, with a real SQLite file.</summary>
[Trait("Category", "Integration")]
public sealed class BotScenarioTests() : BotScenarioTestClass("bot-tests")
{
    [Fact]
    public async Task StartAndHelpAreAnsweredOnceEachAfterWebhookRemovalAndCommandMenu()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(1, "/start"));
        _api.Enqueue(BotTestHost.Text(2, "/help@tunebot_test_bot"));
        _api.Enqueue(BotTestHost.Text(3, "/start", language: "ko-KR"));
        await BotTestHost.WaitUntilAsync(() => _api.CallsOf("sendMessage").Length >= 3, Patience, "three replies");
        await StopAsync(host);

        var methods = _api.Calls.Select(c => c.Method).ToList();
        Assert.True(methods.IndexOf("deleteWebhook") < methods.IndexOf("getUpdates"));
        Assert.True(methods.IndexOf("setMyCommands") < methods.IndexOf("getUpdates"));
        Assert.Contains(_api.CallsOf("setMyCommands"), c => c.Field("language_code") == "ko");
        // Pending updates are kept: Telegram.Bot leaves a false drop_pending_updates out, which the Bot API reads as false.
        Assert.Contains(_api.CallsOf("deleteWebhook").Single().Field("drop_pending_updates"), new[] { "", "false" });

        var start = Assert.Single(MessagesTo(1));
        Assert.Contains("TuneBot", start.Field("text"));
        Assert.Equal("HTML", start.Field("parse_mode"), ignoreCase: true);   // Telegram.Bot writes "Html"; the Bot API ignores case
        Assert.Contains("/similar", Assert.Single(MessagesTo(2)).Field("text"));
        Assert.Contains("음성 메시지", Assert.Single(MessagesTo(3)).Field("text"));
        Assert.Equal(3, _api.CallsOf("sendMessage").Length);
    }

    [Fact]
    public async Task ABareGreetingGetsAHelloInTheUsersLanguageAndAFeelingAfterAGreetingIsStillAFeeling()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(11, "Hi! 👋"));
        _api.Enqueue(BotTestHost.Text(12, "안녕하세요~", language: "ko"));
        _api.Enqueue(BotTestHost.Text(13, "hi, I'm so nervous about tomorrow"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(11).Length == 1 && MessagesTo(12).Length == 1 && MessagesTo(13).Length == 1,
            Patience, "three replies");
        await StopAsync(host);

        Assert.StartsWith("Hi! 👋", MessagesTo(11)[0].Field("text"));
        Assert.StartsWith("안녕하세요! 👋", MessagesTo(12)[0].Field("text"));
        Assert.StartsWith("You sound anxious.", MessagesTo(13)[0].Field("text"));
        Assert.DoesNotContain(_advisor.Requests, r => r.StartsWith("mood neutral", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HelpAndAMusicRequestWithNoMoodAreNotReadAsFeelings()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(33, "help?"));
        _api.Enqueue(BotTestHost.Text(33, "Recommend me a song"));
        _api.Enqueue(BotTestHost.Text(34, "노래 추천해 주세요", language: "en"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(33).Length == 2 && MessagesTo(34).Length == 1, Patience, "three replies");
        await StopAsync(host);

        Assert.StartsWith("<b>What I understand</b>", MessagesTo(33)[0].Field("text"));
        Assert.StartsWith("Happy to! Tell me how you feel", MessagesTo(33)[1].Field("text"));
        Assert.Contains(("☀️ Bright mornings", CallbackData.ForTheme(TestDoubleMusicAdvisor.Bright.Key)), MessagesTo(33)[1].Buttons());
        Assert.StartsWith("좋아요! 지금 기분을 말씀해 주시면", MessagesTo(34)[0].Field("text"));
        Assert.DoesNotContain(_advisor.Requests, r => r.StartsWith("mood ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RepliesFollowTheLanguageTheUserWritesInNotOnlyTheirAppLanguage()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(30, "내일 발표라 너무 불안해", language: "en"));   // English app, Korean words
        _api.Enqueue(BotTestHost.Text(30, "/mood", language: "en"));                    // no words: the chat's language holds
        _api.Enqueue(BotTestHost.Text(30, "/forget", language: "en"));
        _api.Enqueue(BotTestHost.Text(30, "/start", language: "en"));                   // forgotten: back to the app language
        _api.Enqueue(BotTestHost.Text(30, "I'm so nervous about tomorrow", language: "ko"));
        _api.Enqueue(BotTestHost.Text(31, "내 마음은 불안해", language: "en"));
        _api.Enqueue(BotTestHost.Text(31, "밤편지", language: "en"));                    // a title, not a sentence: teaches nothing
        _api.Enqueue(BotTestHost.Text(32, "밤편지", language: "en"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(30).Length == 5 && MessagesTo(31).Length == 2 && MessagesTo(32).Length == 1,
            Patience, "all replies");
        await StopAsync(host);

        var texts = MessagesTo(30).Select(m => m.Field("text")).ToArray();
        Assert.StartsWith("지금 ", texts[0]);
        Assert.StartsWith("테마를 골라 주세요", texts[1]);
        Assert.StartsWith("삭제했어요", texts[2]);
        Assert.Contains("TuneBot</b> finds music", texts[3]);
        Assert.StartsWith("You sound anxious.", texts[4]);
        Assert.StartsWith("지금 ", MessagesTo(31)[0].Field("text"));
        Assert.StartsWith("IU – 밤편지와(과) 비슷한 곡:", MessagesTo(31)[1].Field("text"));   // the chat stays Korean
        Assert.StartsWith("Tracks like IU – 밤편지:", MessagesTo(32)[0].Field("text"));
    }

    [Fact]
    public async Task MoodKeyboardThenCallbackAnswersTheQueryAndSendsTheEscapedPlaylist()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(5, "/mood"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(5).Length == 1, Patience, "the theme keyboard");
        var data = CallbackData.ForTheme(TestDoubleMusicAdvisor.Bright.Key);
        Assert.Contains(("☀️ Bright mornings", data), MessagesTo(5)[0].Buttons());

        var callback = _api.Enqueue(BotTestHost.Callback(5, data));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(5).Length == 2, Patience, "the playlist");
        await StopAsync(host);

        var answer = Assert.Single(_api.CallsOf("answerCallbackQuery"));
        Assert.Equal(callback.CallbackQuery!.Id, answer.Field("callback_query_id"));
        var playlist = MessagesTo(5)[1];
        Assert.Contains("Bright mornings", playlist.Field("text"));
        Assert.Contains("1. Nell – Rock &amp; &lt;Roll&gt; (3:45)", playlist.Field("text"));
        Assert.Contains(playlist.Buttons(), b => b.Text == "▶ 3");
        Assert.Contains("theme 1/1", _advisor.Requests);
        await using var db = new SqliteConnection(_db);
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM theme_choices WHERE chat_id = 5 AND cluster_id = 1 AND cluster_run_id = 1"));
    }

    [Fact]
    public async Task TextGetsTheEmotionPlaylistAndACorrectionIsStoredAndChangesThePlaylist()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(6, "I'm so nervous about tomorrow"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(6).Length == 1, Patience, "the mood reply");
        var first = MessagesTo(6)[0];
        Assert.StartsWith("You sound anxious.", first.Field("text"));
        var correction = CallbackData.ForEmotion("anxious", "happy");
        Assert.Contains(("😊 happy", correction), first.Buttons());
        Assert.Contains(("🌤 Lift my mood", "l:anxious"), first.Buttons());

        _api.Enqueue(BotTestHost.Callback(6, correction));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(6).Length == 2, Patience, "the corrected playlist");
        await StopAsync(host);

        var second = MessagesTo(6)[1];
        Assert.StartsWith("Got it — you feel happy.", second.Field("text"));
        Assert.Contains("Bright mornings", second.Field("text"));
        Assert.Contains("mood happy Match", _advisor.Requests);
        await using var db = new SqliteConnection(_db);
        var feedback = (await db.QueryAsync<(string Kind, string Value)>("SELECT kind, value FROM feedback WHERE chat_id = 6")).Single();
        Assert.Equal((MoodHandler.CorrectionFeedbackKind, "anxious->happy"), feedback);
        // Privacy: the message text is in no log line and no table.
        Assert.False(_logs.Contains("nervous"));
        foreach (var table in new[] { "bot_state", "handled_updates", "sent_replies", "feedback", "theme_choices" })
        {
            var rows = await db.QueryAsync($"SELECT * FROM {table}");
            Assert.DoesNotContain(rows, r => ((IDictionary<string, object>)r).Values.Any(v => v?.ToString()?.Contains("nervous") == true));
        }
    }

    [Fact]
    public async Task ForgetDeletesEverythingStoredAboutTheChatOnly()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Callback(7, CallbackData.ForTheme(TestDoubleMusicAdvisor.Calm.Key)));
        _api.Enqueue(BotTestHost.Callback(7, CallbackData.ForEmotion("anxious", "sad")));
        _api.Enqueue(BotTestHost.Callback(8, CallbackData.ForEmotion("anxious", "sad")));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(7).Length == 2 && MessagesTo(8).Length == 1, Patience, "the playlists");
        await using var db = new SqliteConnection(_db);
        Assert.True(await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM feedback WHERE chat_id = 7") == 1);

        var forget = _api.Enqueue(BotTestHost.Text(7, "/forget"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(7).Length == 3, Patience, "the /forget reply");
        await StopAsync(host);

        Assert.StartsWith("Done: I deleted everything", MessagesTo(7)[2].Field("text"));
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM feedback WHERE chat_id = 7"));
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM theme_choices WHERE chat_id = 7"));
        // Only the /forget update's own bookkeeping (so it is not answered twice) remains.
        Assert.Equal([(long)forget.Id], await db.QueryAsync<long>("SELECT update_id FROM handled_updates WHERE chat_id = 7"));
        Assert.Equal([(long)forget.Id], await db.QueryAsync<long>("SELECT update_id FROM sent_replies WHERE chat_id = 7"));
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM feedback WHERE chat_id = 8"));
    }

    [Fact]
    public async Task VoiceNoteIsDownloadedGivenToTheAdvisorDeletedAndAnsweredWithAPlaylist()
    {
        var audio = new byte[50_000];
        new Random(3).NextBytes(audio);
        _api.AddFile("voice1", audio, audio.Length);
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.VoiceNote(9, "voice1", audio.Length));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(9).Length == 1, Patience, "the playlist");
        await StopAsync(host);

        Assert.Equal("typing", Assert.Single(_api.CallsOf("sendChatAction")).Field("action"));
        var (path, bytes) = Assert.Single(_advisor.Clips);
        Assert.Equal(audio, bytes);
        Assert.False(File.Exists(path), "the clip must be deleted right after use");
        var text = MessagesTo(9)[0].Field("text");
        Assert.Contains("🌙 <b>Late-night calm</b>", text);
        Assert.StartsWith("🎧 Found it: <b>Nell – Rock &amp; &lt;Roll&gt;</b>, from 1:12.", text);
        Assert.Contains("matched at 1:12", text);
        Assert.Contains("3. Daft Punk – Something About Us (3:52) · closest at 0:10", text);
        var buttons = MessagesTo(9)[0].Buttons();
        Assert.Equal(("▶ 1", CallbackData.ForPreview(11, 72)), buttons[0]);
        Assert.Contains(("More like this", "m:c.12.5"), buttons);
        Assert.Contains(("🗺 Map", "g:c.12.5"), buttons);
    }

    [Fact]
    public async Task A25MegabyteUploadIsRefusedWithoutDownloading()
    {
        _api.AddFile("big", new byte[16], 25L * 1024 * 1024);
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.VoiceNote(10, "big", 25L * 1024 * 1024));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(10).Length == 1, Patience, "the refusal");
        await StopAsync(host);

        Assert.Contains("larger than 20 MB", MessagesTo(10)[0].Field("text"));
        Assert.Empty(_api.CallsOf("getFile"));
        Assert.Empty(_api.CallsOf("download"));
        Assert.Empty(_advisor.Clips);
    }

    [Fact]
    public async Task AnOversizedFileWithoutAnnouncedSizeIsCutOffWhileStreaming()
    {
        _api.AddFile("sneaky", new byte[21 * 1024 * 1024], reportedSize: null);
        var clips = Path.Combine(Scenario.Dir, "clips");
        using var host = await StartBotAsync(new Dictionary<string, string?> { ["Bot:ClipFolder"] = clips });
        _api.Enqueue(BotTestHost.VoiceNote(11, "sneaky", fileSize: null));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(11).Length == 1, Patience, "the refusal");
        await StopAsync(host);

        Assert.Contains("larger than 20 MB", MessagesTo(11)[0].Field("text"));
        Assert.Single(_api.CallsOf("download"));
        Assert.Empty(_advisor.Clips);
        Assert.Empty(Directory.GetFiles(clips));   // the cut-off download deleted too
    }

    [Fact]
    public async Task FloodControl429WaitsRetryAfterThenSendsOnce()
    {
        var failedAt = DateTime.MinValue;
        _api.FaultFor = (method, n) =>
        {
            if (method != "sendMessage" || n != 1) return null;
            failedAt = DateTime.UtcNow;
            return new Fault.Error(429, "Too Many Requests: retry after 1", RetryAfter: 1);
        };
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(12, "/start"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(12).Length == 1, Patience, "the reply");
        await StopAsync(host);

        Assert.Equal(1, _api.FaultsInjected);
        Assert.Single(MessagesTo(12));
        Assert.True(MessagesTo(12)[0].At - failedAt >= TimeSpan.FromMilliseconds(950), "the retry must wait retry_after");
        Assert.True(_logs.Contains("retry 1"));
    }

    [Fact]
    public async Task ServerErrorsAreRetriedAndConflictIsBackedOffPlainly()
    {
        _api.FaultFor = (method, n) => method switch
        {
            "sendMessage" when n <= 2 => new Fault.Error(500, "Internal Server Error"),
            "getUpdates" when n == 1 => new Fault.Error(409, "Conflict: terminated by other getUpdates request"),
            _ => null,
        };
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(13, "/help"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(13).Length == 1, Patience, "the reply");
        await StopAsync(host);

        Assert.Equal(3, _api.FaultsInjected);
        Assert.Single(MessagesTo(13));
        Assert.True(_logs.Contains("Another poller or a webhook is using this bot token"));
        // The fake server quotes the request path (with the token) in its 500 description; the logs must not.
        Assert.True(_logs.Contains("/bot<redacted>/sendMessage"));
    }

    [Fact]
    public async Task TwentyPercentDroppedConnectionsStillAnswerEveryUpdateExactlyOnce()
    {
        var random = new Random(20);
        _api.FaultFor = (_, _) => { lock (random) return random.NextDouble() < 0.2 ? new Fault.Drop() : null; };
        using var host = await StartBotAsync(new Dictionary<string, string?> { ["Telegram:MaxRetries"] = "12" });
        const int chats = 10, perChat = 4;
        for (var i = 0; i < perChat; i++)
            for (var chat = 100; chat < 100 + chats; chat++)
                _api.Enqueue(BotTestHost.Text(chat, i % 2 == 0 ? "/start" : "/help"));
        await BotTestHost.WaitUntilAsync(() => _api.CallsOf("sendMessage").Length >= chats * perChat, TimeSpan.FromSeconds(60), "all replies");
        await StopAsync(host);

        Assert.True(_api.FaultsInjected > 0);
        Assert.Equal(chats * perChat, _api.CallsOf("sendMessage").Length);
        for (var chat = 100; chat < 100 + chats; chat++)
        {
            var texts = MessagesTo(chat).Select(c => c.Field("text")).ToArray();
            Assert.Equal(perChat, texts.Length);
            // Per-chat order is kept: /start, /help, /start, /help.
            for (var i = 0; i < perChat; i++)
                Assert.Contains(i % 2 == 0 ? "TuneBot</b> finds music" : "What I understand", texts[i]);
        }
    }

    [Fact]
    public async Task EveryKindOfRetriedFaultOnEveryCallStillAnswersEveryUpdateExactlyOnceInOrder()
    {
        // 500s, proxies' HTML 502 pages, flood control and dropped connections, on getUpdates as on every reply.
        var random = new Random(21);
        _api.FaultFor = (_, _) =>
        {
            double p;
            lock (random) p = random.NextDouble();
            return p switch
            {
                < 0.08 => new Fault.Error(500, "Internal Server Error"),
                < 0.16 => new Fault.HtmlPage(502),
                < 0.19 => new Fault.Error(429, "Too Many Requests: retry after 1", RetryAfter: 1),
                < 0.27 => new Fault.Drop(),
                _ => null,
            };
        };
        using var host = await StartBotAsync(new Dictionary<string, string?> { ["Telegram:MaxRetries"] = "12" });
        const int chats = 8, perChat = 4;
        for (var i = 0; i < perChat; i++)
            for (var chat = 300; chat < 300 + chats; chat++)
                _api.Enqueue(i % 2 == 0 ? BotTestHost.Text(chat, "/start") : BotTestHost.Callback(chat, CallbackData.ForTheme(TestDoubleMusicAdvisor.Calm.Key)));
        await BotTestHost.WaitUntilAsync(() => _api.CallsOf("sendMessage").Length >= chats * perChat, TimeSpan.FromSeconds(90), "all replies");
        await Task.Delay(300); // anything extra would show up now
        await StopAsync(host);

        Assert.True(_api.FaultsInjected > 10, $"{_api.FaultsInjected} faults");
        Assert.Equal(chats * perChat, _api.CallsOf("sendMessage").Length);
        Assert.Equal(chats * perChat / 2, _api.CallsOf("answerCallbackQuery").Length);
        for (var chat = 300; chat < 300 + chats; chat++)
        {
            var texts = MessagesTo(chat).Select(c => c.Field("text")).ToArray();
            Assert.Equal(perChat, texts.Length);
            for (var i = 0; i < perChat; i++)
                Assert.Contains(i % 2 == 0 ? "TuneBot</b> finds music" : "Late-night calm", texts[i]);
        }
    }

    [Fact]
    public async Task RestartInTheMiddleOfAStreamLosesNothingAndRepeatsNothing()
    {
        // Replies after the tenth are held until the worker has begun stopping, so the stop lands mid-stream however
        // slow the machine: a fixed delay let a loaded CI runner finish all 60 before the stop arrived.
        var stopBegun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.HoldAnswer = (method, n) => method == "sendMessage" && n > 10 ? stopBegun.Task : Task.CompletedTask;
        var host = await StartBotAsync();
        const int total = 60;
        for (var i = 0; i < total; i++) _api.Enqueue(BotTestHost.Text(200 + i % 6, "/start"));
        await BotTestHost.WaitUntilAsync(() => _api.CallsOf("sendMessage").Length >= 10, Patience, "the first replies");
        var stopping = StopAsync(host);
        await BotTestHost.WaitUntilAsync(() => _logs.Contains("Stopping: finishing the update(s) in flight"), Patience, "the stop");
        stopBegun.SetResult();
        await stopping;
        var afterFirst = _api.CallsOf("sendMessage").Length;
        Assert.InRange(afterFirst, 10, total - 1);

        host = await StartBotAsync();
        await BotTestHost.WaitUntilAsync(() => _api.CallsOf("sendMessage").Length >= total, TimeSpan.FromSeconds(60), "all replies");
        await Task.Delay(300); // anything extra would show up now
        await StopAsync(host);

        Assert.Equal(total, _api.CallsOf("sendMessage").Length);
        for (var chat = 200; chat < 206; chat++) Assert.Equal(total / 6, MessagesTo(chat).Length);
        await using var db = new SqliteConnection(_db);
        Assert.Equal(total, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM handled_updates WHERE status = 'done'"));
    }

    [Fact]
    public async Task AnInterruptedUpdateIsResumedWithoutRepeatingRepliesAlreadySent()
    {
        // A previous run claimed this callback and answered the query (reply 0) before it stopped.
        var update = _api.Enqueue(BotTestHost.Callback(14, CallbackData.ForTheme(TestDoubleMusicAdvisor.Calm.Key)));
        await using (var db = new SqliteConnection(_db))
        {
            await db.ExecuteAsync("INSERT INTO handled_updates (update_id, chat_id, status, updated_at) VALUES (@id, 14, 'claimed', '2026-01-01')", new { id = update.Id });
            await db.ExecuteAsync("INSERT INTO sent_replies (update_id, seq, chat_id, sent_at) VALUES (@id, 0, 14, '2026-01-01')", new { id = update.Id });
        }
        using var host = await StartBotAsync();
        await BotTestHost.WaitUntilAsync(() => MessagesTo(14).Length == 1, Patience, "the playlist");
        await StopAsync(host);

        Assert.Empty(_api.CallsOf("answerCallbackQuery"));
        Assert.Contains("Late-night calm", MessagesTo(14)[0].Field("text"));
        Assert.True(_logs.Contains("resumed after an interruption; 1 reply(ies) already sent were skipped"));
    }

    [Fact]
    public async Task AHandlerExceptionIsAnsweredWithAnApologyAndTheBotCarriesOn()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Callback(15, CallbackData.ForTheme(TestDoubleMusicAdvisor.Broken.Key)));
        _api.Enqueue(BotTestHost.Text(15, "/start"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(15).Length == 2, Patience, "apology and next reply");
        await StopAsync(host);

        Assert.StartsWith("Sorry — something went wrong", MessagesTo(15)[0].Field("text"));
        Assert.Contains("TuneBot", MessagesTo(15)[1].Field("text"));
        Assert.Single(_api.CallsOf("answerCallbackQuery"));
        Assert.True(_logs.Contains("handler failed (button)"));
    }

    [Fact]
    public async Task PreviewButtonSendsAudioWithTitleAndPerformer()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Callback(16, CallbackData.ForPreview(11, 72)));
        await BotTestHost.WaitUntilAsync(() => _api.CallsOf("sendAudio").Length == 1, Patience, "the preview");
        await StopAsync(host);

        var audio = _api.CallsOf("sendAudio")[0];
        Assert.Equal("Rock & <Roll>", audio.Field("title"));
        Assert.Equal("Nell", audio.Field("performer"));
        Assert.Equal("30", audio.Field("duration"));
        Assert.Equal(4096, audio.FileBytes["audio"]);
        Assert.Contains("preview 11 72", _advisor.Requests);
    }

    [Fact]
    public async Task StatsOnlyForAdmins()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(17, "/stats"));
        _api.Enqueue(BotTestHost.Text(999, "/stats"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(17).Length == 1 && MessagesTo(999).Length == 1, Patience, "both replies");
        await StopAsync(host);

        Assert.Contains("only for the bot's admins", MessagesTo(17)[0].Field("text"));
        Assert.Contains("updates handled:", MessagesTo(999)[0].Field("text"));
    }

    [Theory]
    [InlineData("CorruptAudio", "seems damaged")]
    [InlineData("TooShort", "too short")]
    [InlineData("Silent", "only hear silence")]
    [InlineData("EmptyCatalog", "catalog is empty")]
    [InlineData("NotReady", "isn't ready yet")]
    [InlineData("Unavailable", "unavailable right now")]
    public async Task TypedClipFailuresGetFriendlyMessages(string failure, string expected)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(failure + "................");
        _api.AddFile("bad", bytes, bytes.Length);
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.VoiceNote(18, "bad", bytes.Length));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(18).Length == 1, Patience, "the reply");
        await StopAsync(host);

        Assert.Contains(expected, MessagesTo(18)[0].Field("text"));
        Assert.False(File.Exists(Assert.Single(_advisor.Clips).Path));
    }

    [Fact]
    public async Task ADatabaseFaultInsideAHandlerGetsTheDatabaseMessage()
    {
        await using (var db = new SqliteConnection(_db))
            await db.ExecuteAsync("DROP TABLE feedback");
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(19, "/forget"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(19).Length == 1, Patience, "the reply");
        await StopAsync(host);

        Assert.Contains("database is unreachable", MessagesTo(19)[0].Field("text"));
        Assert.True(_logs.Contains("database fault"));
    }

    [Fact]
    public async Task SimilarByCommandOrByNamingATrackAndTheMap()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(20, "/similar 밤편지"));
        _api.Enqueue(BotTestHost.Text(20, "밤편지"));
        _api.Enqueue(BotTestHost.Text(20, "/similar"));
        _api.Enqueue(BotTestHost.Text(20, "/similar no such song"));
        _api.Enqueue(BotTestHost.Text(20, "/map"));
        _api.Enqueue(BotTestHost.Text(21, "/map", language: "ko"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(20).Length == 4 && _api.CallsOf("sendPhoto").Length == 2, Patience, "the replies");
        await StopAsync(host);

        var texts = MessagesTo(20).Select(c => c.Field("text")).ToArray();
        Assert.StartsWith("Tracks like IU – 밤편지:", texts[0]);
        Assert.DoesNotContain("밤편지 (", texts[0]);
        Assert.StartsWith("Tracks like IU – 밤편지:", texts[1]);
        Assert.Contains("/similar Yesterday", texts[2]);
        Assert.Contains("couldn't find “no such song”", texts[3]);
        Assert.All(_api.CallsOf("sendPhoto"), c => Assert.Equal(4, c.FileBytes["photo"]));
        Assert.Contains("map  ko", _advisor.Requests);   // a Korean user's map is drawn in Korean
    }
}
