using System.Collections.Concurrent;
using System.Diagnostics;
using Telegram.Bot.Types;
using TuneBot.Tests.Core.Storage;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Bot.EndToEnd;

/// <summary>
/// Replies per second and p95 reply latency (delivery → the reply reaching the fake Telegram) for 1, 2 and 3 webhook
/// instances on one PostgreSQL, Telegram's rate limits lifted so the machine is what bounds it. Run:
/// <c>TUNEBOT_BENCH=1 dotnet test TuneBot.sln -c Release --no-build --filter FullyQualifiedName~ScaleOutBenchmark --logger "console;verbosity=detailed"</c>
/// with TUNEBOT_TEST_PG set (scripts/test-postgres.sh start).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScaleOutBenchmark(ITestOutputHelper output)
{
    private const int Chats = 120, PerChat = 5;

    [BenchmarkFact]
    public async Task RepliesPerSecondAndP95ForOneTwoAndThreeInstances()
    {
        foreach (var n in new[] { 1, 2, 3 })
        {
            await using var db = await CatalogTestDatabase.CreateAsync("postgres");
            await using var api = await FakeBotApi.StartAsync();
            var logs = new CapturingLoggerProvider();
            var advisor = new TestDoubleMusicAdvisor();
            var settings = new Dictionary<string, string?>
            {
                ["Bot:Instances"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Telegram:PerChatMessagesPerSecond"] = "1000",
                ["Telegram:GlobalMessagesPerSecond"] = "100000",
                ["Inbox:LeaseSeconds"] = "30",
            };
            var instances = new List<WebhookBotInstance>();
            for (var i = 0; i < n; i++)
                instances.Add(await WebhookBotInstance.StartAsync(api, "postgres", db.Database.ConnectionString, logs, advisor, settings));
            await BotTestHost.WaitUntilAsync(() => api.CallsOf("setWebhook").Length >= n, TimeSpan.FromSeconds(30), "registrations");

            var clip = new byte[20_000];
            new Random(5).NextBytes(clip);
            var updates = new List<Update>();
            for (var round = 0; round < PerChat; round++)
                for (var chat = 0; chat < Chats; chat++)
                {
                    var id = 1000 + updates.Count;
                    if (round == 2)
                    {
                        api.AddFile($"v{id}", clip, clip.Length);
                        updates.Add(BotTestHost.VoiceNote(9000 + chat, $"v{id}", clip.Length)(id));
                    }
                    else updates.Add(BotTestHost.Text(9000 + chat, $"/similar u{id}")(id));
                }
            var delivered = new ConcurrentDictionary<long, DateTime>();
            var targets = instances.Select(i => i.WebhookUrl).ToList();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(lane => Task.Run(async () =>
            {
                foreach (var u in updates.Where(u => u.Message!.Chat.Id % 8 == lane))
                {
                    delivered[u.Id] = DateTime.UtcNow;
                    Assert.Equal(200, await api.DeliverAsync(u, targets));
                }
            })));
            await BotTestHost.WaitUntilAsync(() => api.CallsOf("sendMessage").Length >= updates.Count, TimeSpan.FromSeconds(300), "every reply");
            var elapsed = clock.Elapsed;

            var replies = api.CallsOf("sendMessage");
            var latencies = new List<double>();
            foreach (var chat in updates.GroupBy(u => u.Message!.Chat.Id))
            {
                var answered = replies.Where(r => r.ChatId == chat.Key).OrderBy(r => r.At).Select(r => r.At).ToArray();
                latencies.AddRange(chat.OrderBy(u => u.Id).Select((u, i) => (answered[i] - delivered[u.Id]).TotalMilliseconds));
            }
            latencies.Sort();
            output.WriteLine($"{n} instance(s): {updates.Count} updates ({Chats} chats, 1 in 5 a voice note) in {elapsed.TotalSeconds:F1} s = " +
                             $"{updates.Count / elapsed.TotalSeconds:F0} replies/s, p50 {latencies[latencies.Count / 2]:F0} ms, " +
                             $"p95 {latencies[(int)Math.Ceiling(0.95 * latencies.Count) - 1]:F0} ms");
            foreach (var instance in instances) await instance.DisposeAsync();
        }
    }
}
