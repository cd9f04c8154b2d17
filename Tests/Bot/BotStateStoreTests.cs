using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using TuneBot.Core.Catalog;
using Xunit;

namespace TuneBot.Tests.Bot;

/// <summary>The Dapper bot-state store against a real SQLite file and, when TUNEBOT_TEST_PG is set, a real PostgreSQL.</summary>
public sealed class BotStateStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tunebot-store-tests-" + Guid.NewGuid().ToString("N"));

    public BotStateStoreTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    public static TheoryData<string> Providers => new() { "sqlite", "postgres" };

    private BotStateStore? Open(string provider)
    {
        if (provider == "sqlite")
        {
            var cs = BotStateSchema.CreateSqlite(Path.Combine(_dir, "state.db"));
            return new BotStateStore(() => new SqliteConnection(cs));
        }
        var pg = Environment.GetEnvironmentVariable("TUNEBOT_TEST_PG");
        if (string.IsNullOrEmpty(pg)) return null; // ./test.sh always sets it; a bare `dotnet test` skips postgres
        var schemaCs = BotStateSchema.CreatePostgres(pg);
        return new BotStateStore(() => new NpgsqlConnection(schemaCs));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ClaimResumeAndDoneFollowTheUpdateLifecycle(string provider)
    {
        if (Open(provider) is not { } store) return;
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
    [MemberData(nameof(Providers))]
    public async Task OffsetRoundTripsAndOverwrites(string provider)
    {
        if (Open(provider) is not { } store) return;
        Assert.Null(await store.GetOffsetAsync());
        await store.SetOffsetAsync(41);
        await store.SetOffsetAsync(9_000_000_001);
        Assert.Equal(9_000_000_001, await store.GetOffsetAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ForgetRemovesEveryRowOfTheChatAndNothingElse(string provider)
    {
        if (Open(provider) is not { } store) return;
        foreach (var chat in new long[] { 1, 2 })
        {
            await store.ClaimUpdateAsync(chat * 100, chat);
            await store.RecordSentReplyAsync(chat * 100, 0, chat);
            await store.MarkDoneAsync(chat * 100, chat);
            await store.AddFeedbackAsync(chat, "emotion_correction", "sad->happy");
            await store.RecordThemeChoiceAsync(chat, 3, 4);
            await store.RecordThemeChoiceAsync(chat, null, 5);
        }
        Assert.Equal(5, await store.ForgetChatAsync(1));
        Assert.Equal(0, await store.ForgetChatAsync(1));
        Assert.Equal(UpdateClaim.New, await store.ClaimUpdateAsync(100, 1));
        var stats = await store.GetStatsAsync();
        Assert.Equal(1, stats.HandledUpdates);
        Assert.Equal(1, stats.PendingUpdates);
        Assert.Equal(2, stats.Chats);
        Assert.Equal(1, stats.RepliesSent);
        Assert.Equal(2, stats.ThemeChoices);
        Assert.Equal(1, stats.FeedbackByKind["emotion_correction"]);
    }

    [Fact]
    public async Task ConcurrentClaimsOfOneUpdateYieldExactlyOneNew()
    {
        var store = Open("sqlite")!;
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.ClaimUpdateAsync(77, 1))));
        Assert.Equal(1, claims.Count(c => c == UpdateClaim.New));
    }

    [Fact]
    public async Task AnUnreachableDatabaseSurfacesAsADbException()
    {
        var store = new BotStateStore(() => new SqliteConnection($"Data Source={Path.Combine(_dir, "missing", "x.db")};Mode=ReadOnly"));
        await Assert.ThrowsAnyAsync<DbException>(() => store.GetOffsetAsync());
    }
}
