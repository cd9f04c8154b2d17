namespace TuneBot.Core.Catalog;

/// <summary>What <see cref="IBotStateStore.ClaimUpdateAsync"/> found.</summary>
public enum UpdateClaim
{
    /// <summary>First sight of the update: it is now 'claimed' and must be handled.</summary>
    New,
    /// <summary>Claimed before but never finished (a crash or a stop mid-way): handle it again, skipping replies already sent.</summary>
    Resumed,
    /// <summary>Already handled completely: skip it.</summary>
    AlreadyDone,
}

/// <summary>Counts for the admin /stats command.</summary>
/// <param name="HandledUpdates">Rows of handled_updates with status 'done'.</param>
/// <param name="PendingUpdates">Rows still 'claimed'.</param>
/// <param name="Chats">Distinct chat ids that have any handled update.</param>
/// <param name="RepliesSent">Rows of sent_replies.</param>
/// <param name="FeedbackByKind">feedback rows per kind (e.g. "emotion_correction").</param>
/// <param name="ThemeChoices">Rows of theme_choices.</param>
public sealed record BotStats(long HandledUpdates, long PendingUpdates, long Chats, long RepliesSent,
    IReadOnlyDictionary<string, long> FeedbackByKind, long ThemeChoices);

/// <summary>
/// The bot's durable state over the bot-state tables (bot_state, handled_updates, sent_replies, feedback,
/// theme_choices): the polling offset, which updates are claimed or done, which replies of an update were
/// already sent (so a redelivered update never repeats one), and the little that is kept per chat — feedback
/// labels and chosen themes, never message text. Every method is safe to call concurrently.
/// </summary>
public interface IBotStateStore
{
    /// <summary>The stored getUpdates offset (all updates below it are done), or null on first start.</summary>
    Task<long?> GetOffsetAsync(CancellationToken ct = default);

    /// <summary>Stores the getUpdates offset.</summary>
    Task SetOffsetAsync(long offset, CancellationToken ct = default);

    /// <summary>Inserts the update as 'claimed' unless a row exists; says whether to handle, resume or skip it.</summary>
    Task<UpdateClaim> ClaimUpdateAsync(long updateId, long chatId, CancellationToken ct = default);

    /// <summary>Marks the update 'done' (inserting the row if /forget removed it meanwhile).</summary>
    Task MarkDoneAsync(long updateId, long chatId, CancellationToken ct = default);

    /// <summary>Sequence numbers of the replies already sent for an update.</summary>
    Task<IReadOnlySet<int>> GetSentRepliesAsync(long updateId, CancellationToken ct = default);

    /// <summary>Records that reply number <paramref name="seq"/> (0-based, in handler order) of an update was sent.</summary>
    Task RecordSentReplyAsync(long updateId, int seq, long chatId, CancellationToken ct = default);

    /// <summary>Stores a feedback label, e.g. kind "emotion_correction", value "sad".</summary>
    Task AddFeedbackAsync(long chatId, string kind, string value, CancellationToken ct = default);

    /// <summary>Stores that a chat picked a theme (a cluster of a clustering run).</summary>
    Task RecordThemeChoiceAsync(long chatId, int? clusterRunId, int clusterId, CancellationToken ct = default);

    /// <summary>Deletes every row about the chat from all bot-state tables; returns the number of rows deleted.</summary>
    Task<int> ForgetChatAsync(long chatId, CancellationToken ct = default);

    /// <summary>Counts over all chats.</summary>
    Task<BotStats> GetStatsAsync(CancellationToken ct = default);
}
