using System.Globalization;
using Dapper;
using TuneBot.Core.Catalog.Dialects;

namespace TuneBot.Core.Catalog;

/// <summary>
/// <see cref="IBotStateStore"/> with Dapper over the bot-state tables of the catalog schema (migration 1).
/// Upserts, the column named <c>key</c> and the current time are spelled by the provider's dialect (SQLite ≥ 3.24
/// and PostgreSQL: <c>ON CONFLICT … DO NOTHING/UPDATE</c>; MySQL: <c>INSERT IGNORE</c> / <c>ON DUPLICATE KEY
/// UPDATE</c>); time columns are set by the server, so no DateTime kind crosses the driver.
/// A database that cannot be reached surfaces as <see cref="CatalogUnavailableException"/>.
/// </summary>
/// <param name="database">The catalog database, migrated.</param>
public sealed class BotStateStore(CatalogDatabase database) : IBotStateStore
{
    private const string OffsetKey = "update_offset";

    private readonly Sql _sql = new(database.Dialect);

    public Task<long?> GetOffsetAsync(CancellationToken ct = default) =>
        database.RunAsync(async db =>
        {
            var value = await db.ExecuteScalarAsync<string?>(new CommandDefinition(
                _sql.GetOffset, new { key = OffsetKey }, cancellationToken: ct));
            return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset) ? offset : (long?)null;
        }, ct);

    public Task SetOffsetAsync(long offset, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(
            _sql.SetOffset, new { key = OffsetKey, value = offset.ToString(CultureInfo.InvariantCulture) }, cancellationToken: ct)), ct);

    public Task<UpdateClaim> ClaimUpdateAsync(long updateId, long chatId, CancellationToken ct = default) =>
        database.RunAsync(async db =>
        {
            var inserted = await db.ExecuteAsync(new CommandDefinition(_sql.Claim, new { updateId, chatId }, cancellationToken: ct));
            if (inserted == 1) return UpdateClaim.New;
            var status = await db.ExecuteScalarAsync<string?>(new CommandDefinition(
                "SELECT status FROM handled_updates WHERE update_id = @updateId", new { updateId }, cancellationToken: ct));
            return status == "done" ? UpdateClaim.AlreadyDone : UpdateClaim.Resumed;
        }, ct);

    public Task MarkDoneAsync(long updateId, long chatId, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(_sql.MarkDone, new { updateId, chatId }, cancellationToken: ct)), ct);

    public Task<IReadOnlySet<int>> GetSentRepliesAsync(long updateId, CancellationToken ct = default) =>
        database.RunAsync(async db =>
        {
            var seqs = await db.QueryAsync<int>(new CommandDefinition(
                "SELECT seq FROM sent_replies WHERE update_id = @updateId", new { updateId }, cancellationToken: ct));
            return (IReadOnlySet<int>)seqs.ToHashSet();
        }, ct);

    public Task RecordSentReplyAsync(long updateId, int seq, long chatId, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(_sql.RecordSentReply, new { updateId, seq, chatId }, cancellationToken: ct)), ct);

    public Task AddFeedbackAsync(long chatId, string kind, string value, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(_sql.AddFeedback, new { chatId, kind, value }, cancellationToken: ct)), ct);

    public Task RecordThemeChoiceAsync(long chatId, int? clusterRunId, int clusterId, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(_sql.RecordThemeChoice,
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

    // The statements spelled once per store for its provider.
    private sealed class Sql(CatalogDialect d)
    {
        public readonly string GetOffset = $"SELECT value FROM bot_state WHERE {d.Quote("key")} = @key";
        public readonly string SetOffset = d.Upsert($"INSERT INTO bot_state ({d.Quote("key")}, value) VALUES (@key, @value)",
            d.Quote("key"), $"value = {d.Inserted("value")}");
        public readonly string Claim = d.InsertOrIgnore(
            $"INSERT INTO handled_updates (update_id, chat_id, status, updated_at) VALUES (@updateId, @chatId, 'claimed', {d.UtcNow})", "update_id");
        public readonly string MarkDone = d.Upsert(
            $"INSERT INTO handled_updates (update_id, chat_id, status, updated_at) VALUES (@updateId, @chatId, 'done', {d.UtcNow})",
            "update_id", $"status = 'done', updated_at = {d.UtcNow}");
        public readonly string RecordSentReply = d.InsertOrIgnore(
            $"INSERT INTO sent_replies (update_id, seq, chat_id, sent_at) VALUES (@updateId, @seq, @chatId, {d.UtcNow})", "update_id, seq");
        public readonly string AddFeedback =
            $"INSERT INTO feedback (chat_id, kind, value, created_at) VALUES (@chatId, @kind, @value, {d.UtcNow})";
        public readonly string RecordThemeChoice =
            $"INSERT INTO theme_choices (chat_id, cluster_run_id, cluster_id, created_at) VALUES (@chatId, @clusterRunId, @clusterId, {d.UtcNow})";
    }
}
