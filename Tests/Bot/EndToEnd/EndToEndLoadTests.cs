using TuneBot.Core.Evaluation;
using System.Diagnostics;
using System.Globalization;
using TuneBot.Tests.Bot.Advice;
using Xunit;
using Xunit.Abstractions;

namespace TuneBot.Tests.Bot.EndToEnd;

/// <summary>
/// 200 voice notes (real OGG/Opus excerpts of four catalog tracks) from 50 chats through the real transport with
/// Telegram's rate limits (1/s per chat, 30/s overall) and the REAL advisor (decode, features, DTW search) on the
/// generated catalog: every note answered exactly once with its own track first; throughput, p50/p95 reply latency
/// and the process's peak working set are written to the test output (figures, not assertions).
/// </summary>
[Collection(GeneratedCatalogCollection.Name)]
[Trait("Category", "Integration")]
public sealed class EndToEndLoadTests(GeneratedCatalog catalog, ITestOutputHelper output)
{
    [Fact]
    public async Task TwoHundredRealVoiceNotesFromFiftyChatsAreEachAnsweredOnceWithTheirOwnTrackFirst()
    {
        const int chats = 50, perChat = 4, total = chats * perChat;
        string[] sources = [GeneratedCatalog.VoiceSource, "Neon Lead", "Velvet Choir", "Amber Pluck"];
        var clips = new byte[sources.Length][];
        for (int s = 0; s < sources.Length; s++)
        {
            var path = Path.Combine(catalog.Directory, $"load-{s}-{Guid.NewGuid():N}.ogg");
            GeneratedCatalog.Ffmpeg("-ss", (4 + 2 * s).ToString(CultureInfo.InvariantCulture), "-t", "10", "-i", catalog.Track(sources[s]).Path,
                "-ac", "1", "-ar", "48000", "-c:a", "libopus", "-b:a", "32k", path);
            clips[s] = await File.ReadAllBytesAsync(path);
        }

        await using var e = await EndToEndHost.StartAsync(catalog, new Dictionary<string, string?>
        {
            ["Telegram:PerChatMessagesPerSecond"] = "1",
            ["Telegram:GlobalMessagesPerSecond"] = "30",
        });
        long peak = 0;
        using var sampler = new Timer(_ => { var ws = Environment.WorkingSet; if (ws > Interlocked.Read(ref peak)) Interlocked.Exchange(ref peak, ws); }, null, 0, 100);
        var sentAt = new Dictionary<long, (DateTime At, long Chat, int Source)>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < perChat; i++)
            for (var chat = 0; chat < chats; chat++)
            {
                var source = (chat + i) % sources.Length;
                var fileId = $"v{chat}x{i}";
                e.Api.AddFile(fileId, clips[source], clips[source].Length);
                var u = e.Api.Enqueue(BotTestHost.VoiceNote(2000 + chat, fileId, clips[source].Length));
                sentAt[u.Id] = (DateTime.UtcNow, 2000 + chat, source);
            }
        await BotTestHost.WaitUntilAsync(() => e.Api.CallsOf("sendMessage").Length >= total, TimeSpan.FromSeconds(300), "all playlists");
        var elapsed = clock.Elapsed;
        await Task.Delay(300);

        var replies = e.Api.CallsOf("sendMessage").OrderBy(c => c.At).ToArray();
        Assert.Equal(total, replies.Length);
        var latencies = new List<double>();
        foreach (var chat in sentAt.OrderBy(kv => kv.Key).GroupBy(kv => kv.Value.Chat))
        {
            var answered = replies.Where(r => r.ChatId == chat.Key).ToArray();
            Assert.Equal(perChat, answered.Length);
            foreach (var (update, i) in chat.Select((kv, i) => (kv.Value, i)))
            {
                Assert.Contains($"1. {catalog.Track(sources[update.Source]).Artist} – {sources[update.Source]} (", answered[i].Field("text"));
                latencies.Add((answered[i].At - update.At).TotalMilliseconds);
            }
        }
        latencies.Sort();
        var p95 = Percentiles.NearestRank(latencies, 0.95);
        output.WriteLine($"{total} real voice notes, {chats} chats, {catalog.Tracks.Count}-track catalog, {Environment.ProcessorCount} cores: " +
                         $"{elapsed.TotalSeconds:F1} s, {total / elapsed.TotalSeconds:F1} replies/s, p50 {latencies[latencies.Count / 2]:F0} ms, " +
                         $"p95 {p95:F0} ms, peak working set {Interlocked.Read(ref peak) / (1024 * 1024)} MiB (whole test process)");
    }
}
