using TuneBot.Core.Catalog;
using TuneBot.Tests.Catalog;
using Xunit;

namespace TuneBot.Tests.Bot;

/// <summary>The Dapper bot-state store over the migrated catalog schema: a real SQLite file and a real PostgreSQL (TUNEBOT_TEST_PG).</summary>
public sealed class BotStateStoreTests
{
    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task ClaimResumeAndDoneFollowTheUpdateLifecycle(string provider)
    {
        await using var test = await CatalogTestDatabase.CreateAsync(provider);
        var store = new BotStateStore(test.Database);
        Assert.Equal(UpdateClaim.New, await store.ClaimUpdateAsync(10, 5));
        Assert.Equal(UpdateClaim.Resumed, await store.ClaimUpdateAsync(10, 5));
        await store.RecordSentReplyAsync(10, 0, 5);
        await store.RecordSentReplyAsync(10, 0, 5); // idempotent
        await store.RecordSentReplyAsync(10, 1, 5);
        Assert.Equal(new HashSet<int> { 0, 1 }, await store.GetSentRepliesAsync(10));
        await store.MarkDoneAsync(10, 5);
        Assert.Equal(UpdateClaim.AlreadyDone, await store.ClaimUpdateAsync(10, 5));
        Assert.Empty(await store.GetSentRepliesAsync(11));
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
    public async Task ForgetRemovesEveryRowOfTheChatAndNothingElse(string provider)
    {
        await using var test = await CatalogTestDatabase.CreateAsync(provider);
        var store = new BotStateStore(test.Database);
        foreach (var chat in new long[] { 1, 2 })
        {
            await store.ClaimUpdateAsync(chat * 100, chat);
            await store.RecordSentReplyAsync(chat * 100, 0, chat);
            await store.MarkDoneAsync(chat * 100, chat);
            await store.AddFeedbackAsync(chat, "emotion_correction", "sad->happy");
            await store.RecordThemeChoiceAsync(chat, null, 4);
        }
        Assert.Equal(4, await store.ForgetChatAsync(1));
        Assert.Equal(0, await store.ForgetChatAsync(1));
        Assert.Equal(UpdateClaim.New, await store.ClaimUpdateAsync(100, 1));
        var stats = await store.GetStatsAsync();
        Assert.Equal(1, stats.HandledUpdates);
        Assert.Equal(1, stats.PendingUpdates);
        Assert.Equal(2, stats.Chats);
        Assert.Equal(1, stats.RepliesSent);
        Assert.Equal(1, stats.ThemeChoices);
        Assert.Equal(1, stats.FeedbackByKind["emotion_correction"]);
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task ConcurrentClaimsOfOneUpdateYieldExactlyOneNew(string provider)
    {
        await using var test = await CatalogTestDatabase.CreateAsync(provider);
        var store = new BotStateStore(test.Database);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.ClaimUpdateAsync(77, 1))));
        Assert.Equal(1, claims.Count(c => c == UpdateClaim.New));
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
