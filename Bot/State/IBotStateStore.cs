namespace TuneBot.Bot.State;

/// <summary>
/// The bot's durable state over the bot-state tables (bot_state, handled_updates, sent_replies, feedback,
/// theme_choices): the polling offset, the inbox of received updates (handled_updates: queued, claimed under a
/// lease, done), which replies of an update were already sent (so a resumed update never repeats one), and the
/// little that is kept per chat — feedback labels and chosen themes. Message text is kept only while its update
/// is unfinished: done clears the update's JSON. Every method is safe to call concurrently.
/// </summary>
public interface IBotStateStore
{
    /// <summary>The stored getUpdates offset (all updates below it are in the inbox), or null on first start.</summary>
    Task<long?> GetOffsetAsync(CancellationToken ct = default);

    /// <summary>Stores the getUpdates offset.</summary>
    Task SetOffsetAsync(long offset, CancellationToken ct = default);

    /// <summary>
    /// The bot_state value of <paramref name="key"/>, first setting it to <paramref name="value"/> when absent: every
    /// instance ends up with the first instance's value (the webhook's secret token).
    /// </summary>
    Task<string> GetOrAddValueAsync(string key, string value, CancellationToken ct = default);

    /// <summary>
    /// Stores a received update in the inbox as 'queued'. Returns false when it was there already (a redelivery:
    /// nothing changes, except that a row claimed before the inbox existed, without its JSON, gets it).
    /// </summary>
    Task<bool> StoreUpdateAsync(long updateId, long chatId, string payload, CancellationToken ct = default);

    /// <summary>
    /// Claims at most <paramref name="max"/> updates for <paramref name="owner"/> until the lease runs out: queued
    /// ones and those whose holder's lease expired, oldest first, each only when every earlier update of its chat
    /// is done. Concurrent claimers, in this process or another, never get the same update.
    /// </summary>
    Task<IReadOnlyList<InboxUpdate>> ClaimNextAsync(string owner, TimeSpan lease, int max, CancellationToken ct = default);

    /// <summary>Extends the lease of an update <paramref name="owner"/> holds; false when it holds it no more.</summary>
    Task<bool> RenewLeaseAsync(long updateId, string owner, TimeSpan lease, CancellationToken ct = default);

    /// <summary>Marks the update 'done' and drops its JSON.</summary>
    Task CompleteAsync(long updateId, CancellationToken ct = default);

    /// <summary>
    /// Gives a claimed update back to the queue, claimable again after <paramref name="delay"/>. A release that does
    /// not count as an attempt (a reply Telegram could not take yet) leaves the update's attempt count as it was.
    /// </summary>
    Task ReleaseAsync(long updateId, string owner, TimeSpan delay, bool countsAsAttempt = true, CancellationToken ct = default);

    /// <summary>How many updates are unfinished and how old the oldest is.</summary>
    Task<InboxDepth> GetInboxDepthAsync(CancellationToken ct = default);

    /// <summary>Milliseconds since the chat's latest reply was sent, by any instance; null when none was.</summary>
    Task<long?> GetSinceLastReplyAsync(long chatId, CancellationToken ct = default);

    /// <summary>Sequence numbers of the replies already sent for an update.</summary>
    Task<IReadOnlySet<int>> GetSentRepliesAsync(long updateId, CancellationToken ct = default);

    /// <summary>Records that reply number <paramref name="seq"/> (0-based, in handler order) of an update was sent.</summary>
    Task RecordSentReplyAsync(long updateId, int seq, long chatId, CancellationToken ct = default);

    /// <summary>Stores a feedback label, e.g. kind "emotion_correction", value "sad".</summary>
    Task AddFeedbackAsync(long chatId, string kind, string value, CancellationToken ct = default);

    /// <summary>Stores that a chat picked a theme (a cluster of a clustering run).</summary>
    Task RecordThemeChoiceAsync(long chatId, int? clusterRunId, int clusterId, CancellationToken ct = default);

    /// <summary>The language the chat's own words were last answered in ("en", "ko"), or null when none was learned.</summary>
    Task<string?> GetChatLanguageAsync(long chatId, CancellationToken ct = default);

    /// <summary>Stores the chat's language (kept in bot_state, dropped by <see cref="ForgetChatAsync"/>).</summary>
    Task SetChatLanguageAsync(long chatId, string language, CancellationToken ct = default);

    /// <summary>
    /// Deletes every row about the chat from all bot-state tables, except its updates still in the inbox (they are
    /// answered yet, then done); returns the number of rows deleted.
    /// </summary>
    Task<int> ForgetChatAsync(long chatId, CancellationToken ct = default);

    /// <summary>
    /// Deletes the exactly-once record (handled_updates row and its sent_replies rows) of every finished update that
    /// arrived longer than <paramref name="retention"/> ago; returns the number of rows deleted.
    /// </summary>
    Task<int> PruneDoneAsync(TimeSpan retention, CancellationToken ct = default);

    /// <summary>Counts over all chats.</summary>
    Task<BotStats> GetStatsAsync(CancellationToken ct = default);
}
