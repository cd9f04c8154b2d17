using TuneBot.Core.Evaluation;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using TuneBot.Core.Storage;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Bot;

/// <summary>
/// 200 voice notes from 50 chats through the real transport (Telegram's own rate limits: 1/s per chat,
/// 30/s overall) against the fake Bot API, with the recommender port's test double: every note answered
/// exactly once, the limits held, and throughput / p95 reply latency written to the test output.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BotLoadTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tunebot-load-tests-" + Guid.NewGuid().ToString("N"));
    private readonly CapturingLoggerProvider _logs = new();
    private FakeBotApi _api = null!;
    private string _db = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "load.db");
        await CatalogDatabase.Create("sqlite", path).MigrateAsync();
        _db = $"Data Source={path}";
        _api = await FakeBotApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task TwoHundredVoiceNotesFromFiftyChatsAreEachAnsweredOnceWithinTelegramsRateLimits()
    {
        const int chats = 50, perChat = 4, total = chats * perChat;
        var clip = new byte[40_000];
        new Random(7).NextBytes(clip);
        var sentAt = new Dictionary<long, DateTime>();
        var advisor = new TestDoubleMusicAdvisor();
        using var host = BotTestHost.Build(_api, _db, _logs, advisor, new Dictionary<string, string?>
        {
            ["Telegram:PerChatMessagesPerSecond"] = Environment.GetEnvironmentVariable("TUNEBOT_LOAD_PERCHAT") ?? "1",
            ["Telegram:GlobalMessagesPerSecond"] = Environment.GetEnvironmentVariable("TUNEBOT_LOAD_GLOBAL") ?? "30",
        });
        await host.StartAsync();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < perChat; i++)
            for (var chat = 0; chat < chats; chat++)
            {
                var fileId = $"v{chat}x{i}";
                _api.AddFile(fileId, clip, clip.Length);
                var u = _api.Enqueue(BotTestHost.VoiceNote(1000 + chat, fileId, clip.Length));
                sentAt[u.Id] = DateTime.UtcNow;
            }
        await BotTestHost.WaitUntilAsync(() => _api.CallsOf("sendMessage").Length >= total, TimeSpan.FromSeconds(90), "all playlists");
        var elapsed = clock.Elapsed;
        await Task.Delay(300);
        await host.StopAsync(TimeSpan.FromSeconds(30));

        var replies = _api.CallsOf("sendMessage").OrderBy(c => c.At).ToArray();
        Assert.Equal(total, replies.Length);
        Assert.Equal(total, advisor.Clips.Count);
        Assert.Equal(total, _api.CallsOf("download").Length);
        foreach (var chat in replies.GroupBy(r => r.ChatId))
        {
            Assert.Equal(perChat, chat.Count());
            var times = chat.Select(r => r.At).ToArray();
            for (var i = 1; i < times.Length; i++)
                Assert.True(times[i] - times[i - 1] >= TimeSpan.FromMilliseconds(850), $"chat {chat.Key}: two messages within {(times[i] - times[i - 1]).TotalMilliseconds:F0} ms");
        }
        var busiestSecond = replies.Max(r => replies.Count(o => o.At >= r.At && o.At < r.At.AddSeconds(1)));
        Assert.InRange(busiestSecond, 1, 34); // 30/s overall, evenly spaced; a little timing jitter at the edges

        // Reply latency: from the update entering the server's queue to its playlist arriving there. Updates of a
        // chat are answered in order, so the i-th reply of a chat belongs to its i-th update.
        var latencies = new List<double>();
        var updatesByChat = sentAt.OrderBy(kv => kv.Key).GroupBy(kv => 1000 + (int)((kv.Key - sentAt.Keys.Min()) % chats));
        foreach (var group in updatesByChat)
        {
            var answered = replies.Where(r => r.ChatId == group.Key).Select(r => r.At).ToArray();
            latencies.AddRange(group.Select((kv, i) => (answered[i] - kv.Value).TotalMilliseconds));
        }
        latencies.Sort();
        var p95 = Percentiles.NearestRank(latencies, 0.95);
        output.WriteLine($"{total} voice notes, {chats} chats: {elapsed.TotalSeconds:F2} s, {total / elapsed.TotalSeconds:F1} replies/s, " +
                         $"p50 {latencies[latencies.Count / 2]:F0} ms, p95 {p95:F0} ms, busiest second {busiestSecond} replies, " +
                         $"working set {Environment.WorkingSet / (1024 * 1024)} MiB (test process)");
    }
}
