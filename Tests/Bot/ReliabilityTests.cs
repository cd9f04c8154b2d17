using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using TuneBot.Bot.Handlers;
using TuneBot.Core.Storage;
using TuneBot.Tests.Core.Storage;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Bot;

/// <summary>
/// Fault injection end to end: the real bot host against the fake Bot API over loopback HTTP, a real SQLite file (or
/// PostgreSQL/MariaDB), and one fault each — an unreadable update, a send outage longer than the retries, a file
/// that cannot be downloaded, a reply that is sent but not recorded, a restart, two pollers on one database. Each test
/// prints its counts: sent (updates queued), answered, lost, duplicated.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReliabilityTests(ITestOutputHelper output) : BotScenarioTestClass("reliability")
{
    /// <summary>Counts over chats that each sent one update expecting one reply.</summary>
    private (int Answered, int Lost, int Duplicated) Count(IEnumerable<long> chats, string what, int sent)
    {
        var replies = chats.Select(c => MessagesTo(c).Length).ToArray();
        var counts = (replies.Count(n => n >= 1), replies.Count(n => n == 0), replies.Sum(n => Math.Max(0, n - 1)));
        output.WriteLine($"{what}: sent {sent}, answered {counts.Item1}, lost {counts.Item2}, duplicated {counts.Item3}");
        return counts;
    }

    [Fact]
    public async Task UnreadableUpdatesAreSkippedAndConfirmedAndTheUpdatesAroundThemAnswered()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(1, "/start"));
        string[] bad =
        [
            """{"update_id":ID,"message":{"message_id":1,"chat":{"id":"abc","type":"private"},"date":0,"text":"hi"}}""",
            """{"update_id":ID,"message":{"message_id":1,"chat":{"id":1e30,"type":"private"},"date":0,"text":"hi"}}""",
            """{"update_id":ID,"message":{"message_id":1,"chat":{"id":5,"type":"private"},"date":0,"text":123}}""",
            """{"update_id":ID,"message":{"message_id":1,"date":0,"text":"no chat"}}""",
            """{"update_id":ID,"callback_query":{"id":"q","chat_instance":"c","data":"g"}}""",
            """{"update_id":ID,"message":{"message_id":1,"chat":{"id":6,"type":"private"},"date":0,"voice":{"duration":3}}}""",
        ];
        var badIds = bad.Select(json => _api.EnqueueRaw(id => json.Replace("ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        var last = _api.Enqueue(BotTestHost.Text(2, "/start"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(1).Length >= 1 && MessagesTo(2).Length >= 1, Patience, "the replies around the unreadable updates");
        await BotTestHost.WaitUntilAsync(() => _api.ConfirmedOffset > last.Id, Patience, "every update confirmed");
        await StopAsync(host);

        var (answered, lost, duplicated) = Count([1, 2], "unreadable updates", sent: 2 + bad.Length);
        Assert.Equal((2, 0, 0), (answered, lost, duplicated));
        Assert.Equal(2, _api.CallsOf("sendMessage").Length);   // nothing for the unreadable ones (chats 5 and 6 included)
        foreach (var id in badIds)
            Assert.True(_logs.Contains($"Update {id} could not be read"), $"no log line for unreadable update {id}");
        Assert.False(_logs.Contains("\"hi\""), "an unreadable update's content was logged");
    }

    [Fact]
    public async Task ASendOutageLongerThanTheRetriesLosesNoReply()
    {
        // Every sendMessage fails with 500 for 4 s; each call gives up after 2 quick retries, so old code marked the
        // updates done with their replies lost. The outage stands in for 45 s with the inbox's waits shortened.
        DateTime? outageEnd = null;
        var outage = TimeSpan.FromSeconds(4);
        _api.FaultFor = (method, _) =>
        {
            if (method != "sendMessage") return null;
            lock (_api) outageEnd ??= DateTime.UtcNow + outage;
            return DateTime.UtcNow < outageEnd ? new Fault.Error(500, "Internal Server Error") : null;
        };
        using var host = await StartBotAsync(new Dictionary<string, string?>
        {
            ["Telegram:MaxRetries"] = "2",
            ["Inbox:RetryDelaySeconds"] = "0.1",
            ["Inbox:DeliveryRetryMaxDelaySeconds"] = "0.5",
        });
        var chats = Enumerable.Range(100, 10).Select(i => (long)i).ToArray();
        foreach (var chat in chats) _api.Enqueue(BotTestHost.Text(chat, "/help"));
        await BotTestHost.WaitUntilAsync(() => chats.All(c => MessagesTo(c).Length >= 1), Patience, "every reply after the outage");
        await Task.Delay(500); // a duplicate would arrive now
        await StopAsync(host);

        var (answered, lost, duplicated) = Count(chats, "send outage", sent: chats.Length);
        Assert.Equal((10, 0, 0), (answered, lost, duplicated));
        Assert.True(_api.FaultsInjected >= 10, $"the outage hit {_api.FaultsInjected} sends");
        Assert.True(MessagesTo(100)[0].At >= outageEnd, "a reply went out during the outage");
        Assert.True(_logs.Contains("reply not delivered"), "the retry was not logged");
    }

    [Fact]
    public async Task AReplyPendingThroughARestartIsSentByTheNextProcess()
    {
        _api.FaultFor = (method, _) => method == "sendMessage" ? new Fault.Error(502, "Bad Gateway") : null;
        var overrides = new Dictionary<string, string?> { ["Telegram:MaxRetries"] = "1", ["Inbox:RetryDelaySeconds"] = "0.1" };
        var host = await StartBotAsync(overrides);
        _api.Enqueue(BotTestHost.Text(120, "/help"));
        await BotTestHost.WaitUntilAsync(() => _api.FaultsInjected >= 4, Patience, "failed sends");
        await StopAsync(host);

        _api.FaultFor = null;
        using var second = await StartBotAsync(overrides);
        await BotTestHost.WaitUntilAsync(() => MessagesTo(120).Length >= 1, Patience, "the reply after the restart");
        await Task.Delay(300);
        await StopAsync(second);
        Assert.Single(MessagesTo(120));
    }

    [Theory]
    [InlineData("expired id (getFile 400)")]
    [InlineData("download 404")]
    public async Task AVoiceNoteThatCannotBeDownloadedIsAnsweredWithAskingForItAgain(string fault)
    {
        if (fault == "download 404")
        {
            _api.AddFile("gone", new byte[1000], 1000);
            _api.FaultFor = (method, _) => method == "download" ? new Fault.Error(404, "Not Found") : null;
        }
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.VoiceNote(130, fault == "download 404" ? "gone" : "expired", 1000));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(130).Length >= 1, Patience, "the answer");
        await Task.Delay(300);
        await StopAsync(host);

        var (answered, lost, duplicated) = Count([130], fault, sent: 1);
        Assert.Equal((1, 0, 0), (answered, lost, duplicated));
        Assert.Equal("I couldn't download that file — please send it again.", MessagesTo(130)[0].Field("text"));
        Assert.Empty(_advisor.Clips);
    }

    [Fact]
    public async Task ClipsLiveInTheBotsOwnFolderAndWhatACrashLeftIsDeletedAtStart()
    {
        var folder = Path.Combine(Scenario.Dir, "clips");
        Directory.CreateDirectory(folder);
        var left = Path.Combine(folder, "clip-of-a-killed-run.ogg");   // kill -9 during a clip
        await File.WriteAllBytesAsync(left, new byte[100]);
        _api.AddFile("v", new byte[2000], 2000);
        using var host = await StartBotAsync(new Dictionary<string, string?> { ["Bot:ClipFolder"] = folder });
        Assert.False(File.Exists(left), "a clip left by an earlier run survived the start");
        _api.Enqueue(BotTestHost.VoiceNote(170, "v", 2000));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(170).Length >= 1, Patience, "the playlist");
        await StopAsync(host);

        var (path, _) = Assert.Single(_advisor.Clips);
        Assert.Equal(folder, Path.GetDirectoryName(path));
        Assert.Empty(Directory.EnumerateFiles(folder));
    }

    [Fact]
    public async Task AReplyThatWasDeliveredButNotRecordedIsNotFollowedByAnApology()
    {
        // The database refuses the record of the reply while Telegram has it: hold the answer, break the table, release.
        var broken = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        _api.HoldAnswer = (method, n) =>
        {
            if (method != "sendMessage" || n != 1) return Task.CompletedTask;
            held.TrySetResult();
            return broken.Task;
        };
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(140, "/help"));
        await held.Task.WaitAsync(Patience);
        await using (var db = new SqliteConnection(_db))
            await db.ExecuteAsync("ALTER TABLE sent_replies RENAME TO sent_replies_away");
        broken.SetResult();
        await BotTestHost.WaitUntilAsync(() => _logs.Contains("no apology"), Patience, "the unrecorded reply");
        await Task.Delay(500);
        await StopAsync(host);
        await using (var db = new SqliteConnection(_db))
            await db.ExecuteAsync("ALTER TABLE sent_replies_away RENAME TO sent_replies");

        var only = Assert.Single(MessagesTo(140));
        Assert.Contains("/similar", only.Field("text"));
    }

    [Fact]
    public async Task ForgedButtonDataIsValidatedBeforeAnythingIsStored()
    {
        using var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Callback(160, "t:999:99999"));
        _api.Enqueue(BotTestHost.Callback(160, "e:" + new string('x', 58) + ":sad"));
        _api.Enqueue(BotTestHost.Callback(160, CallbackData.ForTheme(TestDoubleMusicAdvisor.Calm.Key)));   // a genuine one still counts
        await BotTestHost.WaitUntilAsync(() => _api.CallsOf("answerCallbackQuery").Length >= 3 && MessagesTo(160).Length >= 2, Patience, "the answers");
        await Task.Delay(300);
        await StopAsync(host);

        await using var db = new SqliteConnection(_db);
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM feedback"));
        Assert.Equal(1, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM theme_choices"));
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM theme_choices WHERE cluster_run_id = 999 OR cluster_id = 99999"));
    }

    [Fact]
    public async Task AChatsLanguageSurvivesARestartAndIsDroppedByForget()
    {
        var host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(150, "오늘 너무 슬퍼요", language: "en"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(150).Length >= 1, Patience, "the Korean answer");
        await StopAsync(host);

        host = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(150, "/start", language: "en"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(150).Length >= 2, Patience, "the answer after the restart");
        Assert.Contains("음성 메시지", MessagesTo(150)[1].Field("text"));

        _api.Enqueue(BotTestHost.Text(150, "/forget", language: "en"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(150).Length >= 3, Patience, "the /forget answer");
        await StopAsync(host);
        await using var db = new SqliteConnection(_db);
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM bot_state WHERE key LIKE 'chat_language:%'"));

        using var third = await StartBotAsync();
        _api.Enqueue(BotTestHost.Text(150, "/start", language: "en"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(150).Length >= 4, Patience, "the answer after /forget");
        await StopAsync(third);
        Assert.DoesNotContain("음성 메시지", MessagesTo(150)[3].Field("text"));
    }

    [Fact]
    public async Task AfterForgetAndTheRetentionNoRowOfTheChatRemains()
    {
        // Retention shortened from 48 h to 5 s; the /forget's exactly-once record is kept until then, and said so.
        using var host = await StartBotAsync(new Dictionary<string, string?>
        {
            ["Inbox:DoneRetentionHours"] = (5.0 / 3600).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Inbox:PruneIntervalSeconds"] = "0.2",
        });
        _api.Enqueue(BotTestHost.Text(160, "/start", language: "en"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(160).Length >= 1, Patience, "the /start answer");
        var forget = _api.Enqueue(BotTestHost.Text(160, "/forget", language: "en"));
        await BotTestHost.WaitUntilAsync(() => MessagesTo(160).Length >= 2, Patience, "the /forget answer");
        Assert.Contains("Only the ids of this /forget message and of my reply stay", MessagesTo(160)[1].Field("text"));

        await using var db = new SqliteConnection(_db);
        async Task<long[]> RowsOfChat() =>
        [
            .. await db.QueryAsync<long>("SELECT update_id FROM handled_updates WHERE chat_id = 160"),
            .. await db.QueryAsync<long>("SELECT update_id FROM sent_replies WHERE chat_id = 160"),
        ];
        var kept = await RowsOfChat();
        Assert.NotEmpty(kept);
        Assert.All(kept, id => Assert.Equal((long)forget.Id, id));   // only the /forget's own record, until the retention ends

        var deadline = DateTime.UtcNow + Patience;
        while ((kept = await RowsOfChat()).Length > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        await StopAsync(host);
        Assert.Empty(kept);
        Assert.Equal(2, MessagesTo(160).Length);
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task TwoPollersOnOneDatabaseAnswerEveryUpdateOnce(string provider)
    {
        // A rolling deploy: both poll the same updates (the fake serves a batch until its offset is confirmed).
        await using var db = await CatalogTestDatabase.CreateAsync(provider);
        var overrides = new Dictionary<string, string?> { ["Catalog:Provider"] = provider, ["ConnectionStrings:Catalog"] = db.Database.ConnectionString };
        _api.SendDelay = TimeSpan.FromMilliseconds(20);
        var first = await StartBotAsync(overrides, db.Database.ConnectionString);
        var second = await StartBotAsync(overrides, db.Database.ConnectionString);
        var chats = Enumerable.Range(200, 30).Select(i => (long)i).ToArray();
        foreach (var chat in chats) _api.Enqueue(BotTestHost.Text(chat, "/help"));
        await BotTestHost.WaitUntilAsync(() => chats.All(c => MessagesTo(c).Length >= 1), Patience, "every reply");
        await Task.Delay(1000);
        await StopAsync(first);
        await StopAsync(second);

        var (answered, lost, duplicated) = Count(chats, $"two pollers ({provider})", sent: chats.Length);
        Assert.Equal((30, 0, 0), (answered, lost, duplicated));
        Assert.True(_api.CallsOf("getUpdates").Length >= 2, "both pollers polled");
    }
}
