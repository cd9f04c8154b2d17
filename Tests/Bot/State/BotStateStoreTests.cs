using Dapper;
using TuneBot.Bot.State;
using TuneBot.Core.Storage;
using TuneBot.Tests.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Bot.State;

/// <summary>The Dapper bot-state store over the migrated catalog schema: a real SQLite file and a real PostgreSQL (TUNEBOT_TEST_PG).</summary>
[Trait("Category", "Integration")]
public sealed class BotStateStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task AnUpdateIsStoredOnceClaimedOnceAndDoneWithItsTextDropped(string provider)
    {
        await using var test = await CatalogTestDatabase.CreateAsync(provider);
        var store = new BotStateStore(test.Database);
        Assert.True(await store.StoreUpdateAsync(10, 5, """{"update_id":10,"text":"secret words"}"""));
        Assert.False(await store.StoreUpdateAsync(10, 5, """{"update_id":10,"text":"secret words"}""")); // a redelivery
        Assert.Equal(1, (await store.GetInboxDepthAsync()).Unfinished);

        var claimed = Assert.Single(await store.ClaimNextAsync("a", Lease, 10));
        Assert.Equal((10L, 5L, 1), (claimed.UpdateId, claimed.ChatId, claimed.Attempts));
        Assert.Contains("secret words", claimed.Payload);
        Assert.Empty(await store.ClaimNextAsync("b", Lease, 10)); // held by a
        Assert.True(await store.RenewLeaseAsync(10, "a", Lease));
        Assert.False(await store.RenewLeaseAsync(10, "b", Lease));

        await store.RecordSentReplyAsync(10, 0, 5);
        await store.RecordSentReplyAsync(10, 0, 5); // idempotent
        await store.RecordSentReplyAsync(10, 1, 5);
        Assert.Equal(new HashSet<int> { 0, 1 }, await store.GetSentRepliesAsync(10));
        Assert.InRange(await store.GetSinceLastReplyAsync(5) ?? -1, 0, 10_000);
        Assert.Null(await store.GetSinceLastReplyAsync(6));
        await store.CompleteAsync(10);

        Assert.Empty(await store.ClaimNextAsync("b", Lease, 10));
        Assert.False(await store.StoreUpdateAsync(10, 5, "{}")); // redelivered after it was done: still once
        Assert.Equal(new InboxDepth(0, 0), await store.GetInboxDepthAsync());
        await using var db = await test.Database.OpenAsync();
        Assert.Null(await db.ExecuteScalarAsync<string?>("SELECT payload FROM handled_updates WHERE update_id = 10"));
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task AChatsNextUpdateIsClaimableOnlyWhenItsEarlierOnesAreDone(string provider)
    {
        await using var test = await CatalogTestDatabase.CreateAsync(provider);
        var store = new BotStateStore(test.Database);
        await store.StoreUpdateAsync(1, 100, "{}");
        await store.StoreUpdateAsync(2, 100, "{}");
        await store.StoreUpdateAsync(3, 200, "{}");
        Assert.Equal([1L, 3L], (await store.ClaimNextAsync("a", Lease, 10)).Select(u => u.UpdateId));
        Assert.Empty(await store.ClaimNextAsync("b", Lease, 10));
        await store.CompleteAsync(3);
        Assert.Empty(await store.ClaimNextAsync("b", Lease, 10)); // 2 waits for 1, whoever asks
        await store.ReleaseAsync(1, "a", TimeSpan.Zero);           // given back: claimable again, before 2
        Assert.Equal([1L], (await store.ClaimNextAsync("b", Lease, 10)).Select(u => u.UpdateId));
        await store.CompleteAsync(1);
        var next = Assert.Single(await store.ClaimNextAsync("a", Lease, 10));
        Assert.Equal(2, next.UpdateId);
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task AnExpiredLeaseIsTakenOverAndTheOldHolderLosesIt(string provider)
    {
        await using var test = await CatalogTestDatabase.CreateAsync(provider);
        var store = new BotStateStore(test.Database);
        await store.StoreUpdateAsync(7, 1, "{}");
        await store.StoreUpdateAsync(8, 1, "{}");
        Assert.Single(await store.ClaimNextAsync("crashed", TimeSpan.FromMilliseconds(300), 10));
        Assert.Empty(await store.ClaimNextAsync("b", Lease, 10));
        await Task.Delay(600);
        var taken = Assert.Single(await store.ClaimNextAsync("b", Lease, 10));
        Assert.Equal((7L, 2), (taken.UpdateId, taken.Attempts)); // the earlier one first, its chat's order kept
        Assert.False(await store.RenewLeaseAsync(7, "crashed", Lease));
        await store.ReleaseAsync(7, "crashed", TimeSpan.Zero); // a late give-back from the old holder changes nothing
        Assert.Empty(await store.ClaimNextAsync("c", Lease, 10));
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task OffsetRoundTripsAndOverwrites(string provider)
    {
        await using var test = await CatalogTestDatabase.CreateAsync(provider);
        var store = new BotStateStore(test.Database);
        Assert.Null(await store.GetOffsetAsync());
        await store.SetOffsetAsync(41);
        await store.SetOffsetAsync(9_000_000_001);
        Assert.Equal(9_000_000_001, await store.GetOffsetAsync());
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task PruningDeletesTheRecordOfFinishedUpdatesOlderThanTheRetentionOnly(string provider)
    {
        await using var test = await CatalogTestDatabase.CreateAsync(provider);
        var store = new BotStateStore(test.Database);
        await store.StoreUpdateAsync(1, 10, "{}");
        await store.ClaimNextAsync("a", Lease, 10);
        await store.RecordSentReplyAsync(1, 0, 10);
        await store.CompleteAsync(1);
        await store.StoreUpdateAsync(2, 20, "{}");   // still queued: to be answered, never pruned
        Assert.Equal(0, await store.PruneDoneAsync(TimeSpan.FromHours(1)));

        await Task.Delay(300);
        Assert.Equal(2, await store.PruneDoneAsync(TimeSpan.FromMilliseconds(100)));
        var stats = await store.GetStatsAsync();
        Assert.Equal((0L, 1L, 0L), (stats.HandledUpdates, stats.PendingUpdates, stats.RepliesSent));
        Assert.Empty(await store.GetSentRepliesAsync(1));
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task ForgetRemovesEveryRowOfTheChatAndNothingElse(string provider)
    {
        await using var test = await CatalogTestDatabase.CreateAsync(provider);
        var store = new BotStateStore(test.Database);
        foreach (var chat in new long[] { 1, 2 })
        {
            await store.StoreUpdateAsync(chat * 100, chat, "{}");
            await store.ClaimNextAsync("a", Lease, 10);
            await store.RecordSentReplyAsync(chat * 100, 0, chat);
            await store.CompleteAsync(chat * 100);
            await store.AddFeedbackAsync(chat, "emotion_correction", "sad->happy");
            await store.RecordThemeChoiceAsync(chat, null, 4);
        }
        Assert.Equal(4, await store.ForgetChatAsync(1));
        Assert.Equal(0, await store.ForgetChatAsync(1));
        Assert.True(await store.StoreUpdateAsync(100, 1, "{}")); // its bookkeeping is gone
        await store.StoreUpdateAsync(101, 1, "{}");
        Assert.Equal(0, await store.ForgetChatAsync(1)); // queued updates stay, to be answered
        var stats = await store.GetStatsAsync();
        Assert.Equal(1, stats.HandledUpdates);
        Assert.Equal(2, stats.PendingUpdates);
        Assert.Equal(2, stats.Chats);
        Assert.Equal(1, stats.RepliesSent);
        Assert.Equal(1, stats.ThemeChoices);
        Assert.Equal(1, stats.FeedbackByKind["emotion_correction"]);
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task ConcurrentClaimersTakeEachUpdateOnceAndNeverTwoOfOneChatAtOnce(string provider)
    {
        await using var test = await CatalogTestDatabase.CreateAsync(provider);
        var store = new BotStateStore(test.Database);
        const int chats = 6, perChat = 5;
        for (var i = 0; i < chats * perChat; i++) await store.StoreUpdateAsync(1000 + i, i % chats, "{}");
        var handled = new System.Collections.Concurrent.ConcurrentBag<(string Owner, long Update, long Chat)>();
        var busyChats = new System.Collections.Concurrent.ConcurrentDictionary<long, string>();
        var overlaps = 0;
        var order = new System.Collections.Concurrent.ConcurrentQueue<(long Chat, long Update)>();
        async Task Claimer(string owner)
        {
            var idle = 0;
            while (idle < 20)
            {
                var got = await store.ClaimNextAsync(owner, Lease, 2);
                if (got.Count == 0) { idle++; await Task.Delay(10); continue; }
                idle = 0;
                foreach (var u in got)
                {
                    if (!busyChats.TryAdd(u.ChatId, owner)) Interlocked.Increment(ref overlaps);
                    order.Enqueue((u.ChatId, u.UpdateId));
                    handled.Add((owner, u.UpdateId, u.ChatId));
                    await Task.Delay(2);
                    busyChats.TryRemove(u.ChatId, out _);
                    await store.CompleteAsync(u.UpdateId);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => Claimer("owner" + i))));
        Assert.Equal(chats * perChat, handled.Count);
        Assert.Equal(chats * perChat, handled.Select(h => h.Update).Distinct().Count());
        Assert.Equal(0, overlaps);
        foreach (var chat in order.GroupBy(o => o.Chat))
            Assert.Equal(chat.Select(o => o.Update).Order(), chat.Select(o => o.Update));
    }

    [Fact]
    public async Task AnUnreachableDatabaseSurfacesAsCatalogUnavailable()
    {
        var blocker = Path.GetTempFileName(); // a file where a directory would have to be
        try
        {
            var store = new BotStateStore(CatalogDatabase.Create("sqlite", Path.Combine(blocker, "x.db")));
            await Assert.ThrowsAsync<CatalogUnavailableException>(() => store.GetOffsetAsync());
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
