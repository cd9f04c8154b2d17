using System.Collections.Concurrent;
using System.Diagnostics;
using Dapper;
using Telegram.Bot.Types;
using TuneBot.Tests.Core.Storage;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Bot.EndToEnd;

/// <summary>
/// Three bot instances in webhook mode on one PostgreSQL or MySQL database, behind a fake Telegram that delivers
/// round-robin over real HTTP on loopback: 300 updates from 60 chats (commands and voice notes), one instance killed
/// mid-stream and a fresh one started in its place, redeliveries, a request with a wrong secret. Every update is
/// answered exactly once, in its chat's order, with the per-chat spacing kept across instances.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private const int Chats = 60, PerChat = 5;

    [Theory]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task ThreeInstancesAnswerEveryUpdateOnceInOrderThroughAKillAndRedeliveries(string provider)
    {
        await using var db = await CatalogTestDatabase.CreateAsync(provider);
        await using var api = await FakeBotApi.StartAsync();
        var logs = new CapturingLoggerProvider();
        BotTestHost.CurrentLogs = logs;
        var advisor = new TestDoubleMusicAdvisor();
        var cs = db.Database.ConnectionString;
        var instances = new List<WebhookBotInstance>();
        try
        {
            for (var i = 0; i < 3; i++) instances.Add(await WebhookBotInstance.StartAsync(api, provider, cs, logs, advisor));
            await BotTestHost.WaitUntilAsync(() => api.CallsOf("setWebhook").Length >= 3, TimeSpan.FromSeconds(30), "three webhook registrations");
            var registrations = api.CallsOf("setWebhook");
            Assert.Single(registrations.Select(r => r.Field("secret_token")).Distinct()); // one shared secret
            Assert.All(registrations, r => Assert.Equal("40", r.Field("max_connections")));
            Assert.All(registrations, r => Assert.Equal("""["message","callback_query"]""", r.Field("allowed_updates")));

            // A request without the secret is refused and stores nothing.
            var forged = BotTestHost.Text(1, "/similar forged")(999_999);
            Assert.Equal(401, await api.DeliverAsync(forged, [instances[0].WebhookUrl], secret: "not-the-secret"));
            Assert.True(logs.Contains("refused: wrong or missing secret token"));
            Assert.False(logs.Contains(api.WebhookSecret!));

            // 300 updates: per chat, texts tagged with their update id (the reply quotes it) and one voice note.
            var updates = new List<Update>();
            var clip = new byte[20_000];
            new Random(5).NextBytes(clip);
            for (var round = 0; round < PerChat; round++)
                for (var chat = 0; chat < Chats; chat++)
                {
                    var id = 1000 + updates.Count;
                    if (round == 2)
                    {
                        api.AddFile($"v{id}", clip, clip.Length);
                        updates.Add(BotTestHost.VoiceNote(5000 + chat, $"v{id}", clip.Length)(id));
                    }
                    else updates.Add(BotTestHost.Text(5000 + chat, $"/similar u{id}")(id));
                }

            var targets = instances.Select(i => i.WebhookUrl).ToList();
            var clock = Stopwatch.StartNew();
            // Three delivery lanes, each keeping its chats' updates in order (as Telegram does for one chat).
            async Task DeliverLaneAsync(int lane, int from, int to)
            {
                foreach (var u in updates.Skip(from).Take(to - from).Where(u => u.Message!.Chat.Id % 3 == lane))
                {
                    List<string> now;
                    lock (targets) now = [.. targets];
                    Assert.Equal(200, await api.DeliverAsync(u, now));
                }
            }
            Task DeliverAsync(int from, int to) => Task.WhenAll(Enumerable.Range(0, 3).Select(l => DeliverLaneAsync(l, from, to)));

            await DeliverAsync(0, 100);

            // Kill instance 1 while it holds updates. Replies are held at the fake first, so none is half-way between
            // Telegram's answer and the database's record when the kill lands (that instant cannot be made atomic).
            var victim = instances[1];
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            api.HoldAnswer = (method, _) => method == "sendMessage" ? gate.Task : Task.CompletedTask;
            await DeliverAsync(100, 160);
            await using (var conn = await db.Database.OpenAsync())
                await BotTestHost.WaitUntilAsync(() => conn.ExecuteScalar<long>(
                    "SELECT COUNT(*) FROM handled_updates WHERE status = 'claimed' AND lease_owner = @o", new { o = victim.Inbox.Owner }) > 0,
                    TimeSpan.FromSeconds(30), "the victim holding updates");
            await Task.Delay(300);
            lock (targets) targets.Remove(victim.WebhookUrl);
            var victimOwner = victim.Inbox.Owner;
            await victim.KillAsync();
            instances.Remove(victim);
            await Task.Delay(300);
            api.HoldAnswer = null;
            gate.SetResult();

            await DeliverAsync(160, 230);
            var restarted = await WebhookBotInstance.StartAsync(api, provider, cs, logs, advisor);
            instances.Add(restarted);
            lock (targets) targets.Add(restarted.WebhookUrl);
            await DeliverAsync(230, updates.Count);

            // Telegram redelivers when an answer is lost: 40 earlier updates again, to whichever instance.
            foreach (var u in updates.Where((_, i) => i % 7 == 3).Take(40))
                Assert.Equal(200, await api.DeliverAsync(u, targets));

            await BotTestHost.WaitUntilAsync(() => api.CallsOf("sendMessage").Length >= updates.Count, TimeSpan.FromSeconds(120), "every reply");
            var elapsed = clock.Elapsed;
            await Task.Delay(1500); // a duplicate would show up now
            var replies = api.CallsOf("sendMessage");
            // On a failure, say which chat got a reply twice or too few, with the log lines about its updates.
            var wrong = replies.GroupBy(r => r.ChatId).Where(g => g.Count() != PerChat).Select(g => g.Key).ToArray();
            Assert.True(replies.Length == updates.Count, $"{replies.Length} replies to {updates.Count} updates; chats off: {string.Join(", ", wrong)}\n" +
                string.Join("\n", logs.Lines.Where(l => l.Contains("lost", StringComparison.Ordinal) || l.Contains("resumed", StringComparison.Ordinal)
                                                          || l.Contains("not completed", StringComparison.Ordinal)).Take(40)));

            foreach (var chat in updates.GroupBy(u => u.Message!.Chat.Id))
            {
                var answered = replies.Where(r => r.ChatId == chat.Key).OrderBy(r => r.At).ToArray();
                Assert.Equal(PerChat, answered.Length);
                var expected = chat.OrderBy(u => u.Id).Select(u => u.Message!.Voice is null ? $"u{u.Id}" : "voice").ToArray();
                var got = answered.Select(r => r.Field("text") is var t && t.Contains("couldn't find", StringComparison.Ordinal)
                    ? System.Text.RegularExpressions.Regex.Match(t, @"u\d+").Value : "voice").ToArray();
                Assert.Equal(expected, got);
                for (var i = 1; i < answered.Length; i++)
                    Assert.True(answered[i].At - answered[i - 1].At >= TimeSpan.FromMilliseconds(850),
                        $"chat {chat.Key}: two replies {(answered[i].At - answered[i - 1].At).TotalMilliseconds:F0} ms apart");
            }
            Assert.DoesNotContain(replies, r => r.Field("text").Contains("forged", StringComparison.Ordinal));
            Assert.InRange(advisor.Clips.Count, Chats, Chats + 10); // a voice note resumed after the kill is analysed again

            await using var check = await db.Database.OpenAsync();
            Assert.Equal(updates.Count, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM handled_updates WHERE status = 'done'"));
            Assert.Equal(0, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM handled_updates WHERE payload IS NOT NULL"));
            // The victim's updates were taken over after its leases ran out.
            Assert.True(await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM handled_updates WHERE attempts > 1") > 0);
            Assert.True(logs.Contains("resumed after an interruption"));
            Assert.DoesNotContain(logs.Lines, l => l.Contains(FakeBotApi.SecretPart, StringComparison.Ordinal));
            output.WriteLine($"{provider}: {updates.Count} updates from {Chats} chats answered in {elapsed.TotalSeconds:F1} s " +
                             $"through a kill of {victimOwner}; handled per live instance: {string.Join(", ", instances.Select(i => i.Inbox.HandledCount))}");
        }
        finally
        {
            foreach (var instance in instances) await instance.DisposeAsync();
        }
    }
}
