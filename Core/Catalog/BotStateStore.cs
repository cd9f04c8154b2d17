using System.Globalization;
using Dapper;

namespace TuneBot.Core.Catalog;

/// <summary>
/// <see cref="IBotStateStore"/> with Dapper over the bot-state tables of the catalog schema (migration 1).
/// The SQL is the common subset of SQLite (≥ 3.24) and PostgreSQL: <c>ON CONFLICT … DO NOTHING/UPDATE</c>,
/// <c>excluded.</c>, and <c>CURRENT_TIMESTAMP</c> for time columns (so no DateTime kind crosses the driver).
/// A database that cannot be reached surfaces as <see cref="CatalogUnavailableException"/>.
/// </summary>
/// <param name="database">The catalog database, migrated.</param>
public sealed class BotStateStore(CatalogDatabase database) : IBotStateStore
{
    private const string OffsetKey = "update_offset";

    public Task<long?> GetOffsetAsync(CancellationToken ct = default) =>
        database.RunAsync(async db =>
        {
            var value = await db.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT value FROM bot_state WHERE key = @key", new { key = OffsetKey }, cancellationToken: ct));
            return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset) ? offset : (long?)null;
        }, ct);

    public Task SetOffsetAsync(long offset, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO bot_state (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            new { key = OffsetKey, value = offset.ToString(CultureInfo.InvariantCulture) }, cancellationToken: ct)), ct);

    public Task<UpdateClaim> ClaimUpdateAsync(long updateId, long chatId, CancellationToken ct = default) =>
        database.RunAsync(async db =>
        {
            var inserted = await db.ExecuteAsync(new CommandDefinition(
                "INSERT INTO handled_updates (update_id, chat_id, status, updated_at) VALUES (@updateId, @chatId, 'claimed', CURRENT_TIMESTAMP) " +
                "ON CONFLICT (update_id) DO NOTHING", new { updateId, chatId }, cancellationToken: ct));
            if (inserted == 1) return UpdateClaim.New;
            var status = await db.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT status FROM handled_updates WHERE update_id = @updateId", new { updateId }, cancellationToken: ct));
            return status == "done" ? UpdateClaim.AlreadyDone : UpdateClaim.Resumed;
        }, ct);

    public Task MarkDoneAsync(long updateId, long chatId, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO handled_updates (update_id, chat_id, status, updated_at) VALUES (@updateId, @chatId, 'done', CURRENT_TIMESTAMP) " +
            "ON CONFLICT (update_id) DO UPDATE SET status = 'done', updated_at = CURRENT_TIMESTAMP",
            new { updateId, chatId }, cancellationToken: ct)), ct);

    public Task<IReadOnlySet<int>> GetSentRepliesAsync(long updateId, CancellationToken ct = default) =>
        database.RunAsync(async db =>
        {
            var seqs = await db.QueryAsync<int>(new CommandDefinition(
                "SELECT seq FROM sent_replies WHERE update_id = @updateId", new { updateId }, cancellationToken: ct));
            return (IReadOnlySet<int>)seqs.ToHashSet();
        }, ct);

    public Task RecordSentReplyAsync(long updateId, int seq, long chatId, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO sent_replies (update_id, seq, chat_id, sent_at) VALUES (@updateId, @seq, @chatId, CURRENT_TIMESTAMP) " +
            "ON CONFLICT (update_id, seq) DO NOTHING", new { updateId, seq, chatId }, cancellationToken: ct)), ct);

    public Task AddFeedbackAsync(long chatId, string kind, string value, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO feedback (chat_id, kind, value, created_at) VALUES (@chatId, @kind, @value, CURRENT_TIMESTAMP)",
            new { chatId, kind, value }, cancellationToken: ct)), ct);

    public Task RecordThemeChoiceAsync(long chatId, int? clusterRunId, int clusterId, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(
            "INSERT INTO theme_choices (chat_id, cluster_run_id, cluster_id, created_at) VALUES (@chatId, @clusterRunId, @clusterId, CURRENT_TIMESTAMP)",
            new { chatId, clusterRunId, clusterId }, cancellationToken: ct)), ct);

    public Task<int> ForgetChatAsync(long chatId, CancellationToken ct = default) =>
        database.InTransactionAsync(async (db, tx) =>
        {
            var deleted = 0;
            foreach (var table in new[] { "sent_replies", "handled_updates", "feedback", "theme_choices" })
                deleted += await db.ExecuteAsync(new CommandDefinition(
                    $"DELETE FROM {table} WHERE chat_id = @chatId", new { chatId }, tx, cancellationToken: ct));
            return deleted;
        }, ct);

    public Task<BotStats> GetStatsAsync(CancellationToken ct = default) =>
        database.RunAsync(async db =>
        {
            async Task<long> Count(string sql) =>
                Convert.ToInt64(await db.ExecuteScalarAsync(new CommandDefinition(sql, cancellationToken: ct)), CultureInfo.InvariantCulture);
            var done = await Count("SELECT COUNT(*) FROM handled_updates WHERE status = 'done'");
            var pending = await Count("SELECT COUNT(*) FROM handled_updates WHERE status <> 'done'");
            var chats = await Count("SELECT COUNT(DISTINCT chat_id) FROM handled_updates");
            var replies = await Count("SELECT COUNT(*) FROM sent_replies");
            var themes = await Count("SELECT COUNT(*) FROM theme_choices");
            var rows = await db.QueryAsync<(string Kind, long N)>(new CommandDefinition(
                "SELECT kind, COUNT(*) FROM feedback GROUP BY kind ORDER BY kind", cancellationToken: ct));
            return new BotStats(done, pending, chats, replies, rows.ToDictionary(r => r.Kind, r => r.N), themes);
        }, ct);
}
