using System.Globalization;
using Dapper;
using TuneBot.Core.Storage;

namespace TuneBot.Bot.State;

/// <summary>
/// <see cref="IBotStateStore"/> with Dapper over the bot-state tables of the catalog schema (migrations 1 and 3: the inbox).
/// Upserts, the column named <c>key</c> and the current time are spelled by the provider's dialect (SQLite ≥ 3.24
/// and PostgreSQL: <c>ON CONFLICT … DO NOTHING/UPDATE</c>; MySQL: <c>INSERT IGNORE</c> / <c>ON DUPLICATE KEY
/// UPDATE</c>); time columns are set by the server, so no DateTime kind crosses the driver.
/// A database that cannot be reached surfaces as <see cref="CatalogUnavailableException"/>.
/// </summary>
/// <param name="database">The catalog database, migrated.</param>
public sealed class BotStateStore(CatalogDatabase database) : IBotStateStore
{
    private const string OffsetKey = "update_offset";

    private readonly Sql _sql = new(database.Sql);

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

    public Task<string> GetOrAddValueAsync(string key, string value, CancellationToken ct = default) =>
        database.RunAsync(async db =>
        {
            await db.ExecuteAsync(new CommandDefinition(_sql.AddValue, new { key, value }, cancellationToken: ct));
            return await db.ExecuteScalarAsync<string>(new CommandDefinition(_sql.GetOffset, new { key }, cancellationToken: ct)) ?? value;
        }, ct);

    public Task<bool> StoreUpdateAsync(long updateId, long chatId, string payload, CancellationToken ct = default) =>
        database.RunAsync(async db =>
        {
            var args = new { updateId, chatId, payload };
            if (await db.ExecuteAsync(new CommandDefinition(_sql.Store, args, cancellationToken: ct)) == 1) return true;
            await db.ExecuteAsync(new CommandDefinition(_sql.AdoptPayload, args, cancellationToken: ct));
            return false;
        }, ct);

    public Task<IReadOnlyList<InboxUpdate>> ClaimNextAsync(string owner, TimeSpan lease, int max, CancellationToken ct = default)
    {
        var args = new { owner, leaseMs = (long)lease.TotalMilliseconds, max = Math.Max(1, max) };
        if (database.Sql.UpdateReturning)
            return database.RunAsync(async db => ClaimedRow.ToUpdates(await db.QueryAsync<ClaimedRow>(
                new CommandDefinition(_sql.ClaimReturning, args, cancellationToken: ct))), ct);
        // MySQL: lock the rows (skipping those another claimer holds), mark them, read them, in one transaction. Read
        // committed takes no gap locks, which would otherwise block the webhook's inserts while a claim runs.
        return database.RunAsync(async db =>
        {
            await using var tx = await db.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);
            var ids = (await db.QueryAsync<long>(new CommandDefinition(_sql.ClaimCandidates, args, tx, cancellationToken: ct))).ToArray();
            if (ids.Length == 0)
            {
                await tx.CommitAsync(ct);
                return (IReadOnlyList<InboxUpdate>)[];
            }
            await db.ExecuteAsync(new CommandDefinition(_sql.ClaimMark, new { args.owner, args.leaseMs, ids }, tx, cancellationToken: ct));
            var claimed = await db.QueryAsync<ClaimedRow>(new CommandDefinition(_sql.ClaimRead, new { ids }, tx, cancellationToken: ct));
            await tx.CommitAsync(ct);
            return ClaimedRow.ToUpdates(claimed);
        }, ct);
    }

    public Task<bool> RenewLeaseAsync(long updateId, string owner, TimeSpan lease, CancellationToken ct = default) =>
        database.RunAsync(async db => await db.ExecuteAsync(new CommandDefinition(_sql.Renew,
            new { updateId, owner, leaseMs = (long)lease.TotalMilliseconds }, cancellationToken: ct)) == 1, ct);

    public Task CompleteAsync(long updateId, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(_sql.Complete, new { updateId }, cancellationToken: ct)), ct);

    public Task ReleaseAsync(long updateId, string owner, TimeSpan delay, bool countsAsAttempt = true, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(_sql.Release,
            new { updateId, owner, delayMs = (long)delay.TotalMilliseconds, uncount = countsAsAttempt ? 0 : 1 }, cancellationToken: ct)), ct);

    public Task<InboxDepth> GetInboxDepthAsync(CancellationToken ct = default) =>
        database.RunAsync(async db =>
        {
            var (count, age) = await db.QuerySingleAsync<(long, long?)>(new CommandDefinition(_sql.Depth, cancellationToken: ct));
            return new InboxDepth(count, Math.Max(0, age ?? 0));
        }, ct);

    public Task<long?> GetSinceLastReplyAsync(long chatId, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteScalarAsync<long?>(new CommandDefinition(_sql.SinceLastReply, new { chatId }, cancellationToken: ct)), ct);

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

    public Task<string?> GetChatLanguageAsync(long chatId, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteScalarAsync<string?>(new CommandDefinition(
            _sql.GetOffset, new { key = ChatLanguageKey(chatId) }, cancellationToken: ct)), ct);

    public Task SetChatLanguageAsync(long chatId, string language, CancellationToken ct = default) =>
        database.RunAsync(db => db.ExecuteAsync(new CommandDefinition(
            _sql.SetOffset, new { key = ChatLanguageKey(chatId), value = language }, cancellationToken: ct)), ct);

    // One bot_state row per chat that has written something telling: no table (nor migration) for one short value.
    private static string ChatLanguageKey(long chatId) => "chat_language:" + chatId.ToString(CultureInfo.InvariantCulture);

    public Task<int> ForgetChatAsync(long chatId, CancellationToken ct = default) =>
        database.InTransactionAsync(async (db, tx) =>
        {
            var deleted = 0;
            // Updates of the chat still in the inbox (the /forget itself among them) stay: they are to be answered.
            deleted += await db.ExecuteAsync(new CommandDefinition(
                "DELETE FROM handled_updates WHERE chat_id = @chatId AND status = 'done'", new { chatId }, tx, cancellationToken: ct));
            foreach (var table in new[] { "sent_replies", "feedback", "theme_choices" })
                deleted += await db.ExecuteAsync(new CommandDefinition(
                    $"DELETE FROM {table} WHERE chat_id = @chatId", new { chatId }, tx, cancellationToken: ct));
            deleted += await db.ExecuteAsync(new CommandDefinition(
                _sql.DeleteValue, new { key = ChatLanguageKey(chatId) }, tx, cancellationToken: ct));
            return deleted;
        }, ct);

    public Task<int> PruneDoneAsync(TimeSpan retention, CancellationToken ct = default) =>
        database.InTransactionAsync(async (db, tx) =>
        {
            var p = new { retentionMs = (long)retention.TotalMilliseconds };
            var deleted = await db.ExecuteAsync(new CommandDefinition(_sql.PruneSentReplies, p, tx, cancellationToken: ct));
            return deleted + await db.ExecuteAsync(new CommandDefinition(_sql.PruneHandled, p, tx, cancellationToken: ct));
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

    // Integer widths differ per engine (SQLite reads every INTEGER as Int64); Dapper converts into properties.
    private sealed class ClaimedRow
    {
        public long UpdateId { get; set; }
        public long ChatId { get; set; }
        public string Payload { get; set; } = "";
        public int Attempts { get; set; }
        public long QueuedMs { get; set; }

        public static IReadOnlyList<InboxUpdate> ToUpdates(IEnumerable<ClaimedRow> rows) =>
            rows.OrderBy(r => r.UpdateId).Select(r => new InboxUpdate(r.UpdateId, r.ChatId, r.Payload, r.Attempts, r.QueuedMs)).ToList();
    }

    // The statements spelled once per store for its provider.
    private sealed class Sql(SqlSpelling d)
    {
        public readonly string GetOffset = $"SELECT value FROM bot_state WHERE {d.Quote("key")} = @key";
        public readonly string SetOffset = d.Upsert($"INSERT INTO bot_state ({d.Quote("key")}, value) VALUES (@key, @value)",
            d.Quote("key"), $"value = {d.Inserted("value")}");
        // Age from arrival, on the database's clock (every instance prunes the same rows).
        public readonly string PruneSentReplies = "DELETE FROM sent_replies WHERE update_id IN (SELECT update_id FROM handled_updates " +
            $"WHERE status = 'done' AND received_ms < {d.NowMs} - @retentionMs)";
        public readonly string PruneHandled = $"DELETE FROM handled_updates WHERE status = 'done' AND received_ms < {d.NowMs} - @retentionMs";
        public readonly string DeleteValue = $"DELETE FROM bot_state WHERE {d.Quote("key")} = @key";
        public readonly string AddValue = d.InsertOrIgnore($"INSERT INTO bot_state ({d.Quote("key")}, value) VALUES (@key, @value)", d.Quote("key"));
        public readonly string Store = d.InsertOrIgnore(
            "INSERT INTO handled_updates (update_id, chat_id, status, updated_at, payload, received_ms, lease_until_ms, attempts) " +
            $"VALUES (@updateId, @chatId, 'queued', {d.UtcNow}, @payload, {d.NowMs}, 0, 0)", "update_id");
        // A row the pre-inbox poller claimed carries no JSON; its redelivery supplies it, and the claim resumes it.
        public readonly string AdoptPayload =
            "UPDATE handled_updates SET payload = @payload WHERE update_id = @updateId AND payload IS NULL AND status <> 'done'";

        // Claimable: unfinished, with its JSON, not under a live lease, and no earlier update of its chat unfinished
        // (that earlier one, if its lease expired, is the one to claim). The inner SELECT's row locks are skipped by
        // concurrent claimers; the chat rule reads the committed state, in which 'done' is final.
        private static string Candidates(SqlSpelling d) =>
            "SELECT u.update_id FROM handled_updates u " +
            $"WHERE u.status <> 'done' AND u.payload IS NOT NULL AND u.lease_until_ms <= {d.NowMs} " +
            "AND NOT EXISTS (SELECT 1 FROM handled_updates e WHERE e.chat_id = u.chat_id AND e.update_id < u.update_id AND e.status <> 'done') " +
            $"ORDER BY u.update_id LIMIT @max{d.SkipLocked}";

        private readonly string _mark =
            $"SET status = 'claimed', lease_owner = @owner, lease_until_ms = {d.NowMs} + @leaseMs, attempts = attempts + 1, updated_at = {d.UtcNow}";

        private readonly string _claimed =
            $"update_id AS UpdateId, chat_id AS ChatId, payload AS Payload, attempts AS Attempts, {d.NowMs} - received_ms AS QueuedMs";

        public string ClaimReturning => $"UPDATE handled_updates {_mark} WHERE update_id IN ({Candidates(d)}) RETURNING {_claimed}";
        public string ClaimCandidates => Candidates(d);
        public string ClaimMark => $"UPDATE handled_updates {_mark} WHERE update_id IN @ids";
        public string ClaimRead => $"SELECT {_claimed} FROM handled_updates WHERE update_id IN @ids";

        public readonly string Renew =
            $"UPDATE handled_updates SET lease_until_ms = {d.NowMs} + @leaseMs WHERE update_id = @updateId AND lease_owner = @owner AND status = 'claimed'";
        public readonly string Complete =
            $"UPDATE handled_updates SET status = 'done', payload = NULL, lease_owner = NULL, updated_at = {d.UtcNow} WHERE update_id = @updateId";
        public readonly string Release =
            $"UPDATE handled_updates SET status = 'queued', lease_owner = NULL, lease_until_ms = {d.NowMs} + @delayMs, attempts = attempts - @uncount, updated_at = {d.UtcNow} " +
            "WHERE update_id = @updateId AND lease_owner = @owner AND status = 'claimed'";
        public readonly string Depth =
            $"SELECT COUNT(*), {d.NowMs} - MIN(received_ms) FROM handled_updates WHERE status <> 'done' AND payload IS NOT NULL";
        public readonly string SinceLastReply =
            $"SELECT {d.NowMs} - MAX(sent_ms) FROM sent_replies WHERE chat_id = @chatId";
        public readonly string RecordSentReply = d.InsertOrIgnore(
            $"INSERT INTO sent_replies (update_id, seq, chat_id, sent_at, sent_ms) VALUES (@updateId, @seq, @chatId, {d.UtcNow}, {d.NowMs})", "update_id, seq");
        public readonly string AddFeedback =
            $"INSERT INTO feedback (chat_id, kind, value, created_at) VALUES (@chatId, @kind, @value, {d.UtcNow})";
        public readonly string RecordThemeChoice =
            $"INSERT INTO theme_choices (chat_id, cluster_run_id, cluster_id, created_at) VALUES (@chatId, @clusterRunId, @clusterId, {d.UtcNow})";
    }
}
