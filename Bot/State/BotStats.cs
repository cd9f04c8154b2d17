namespace TuneBot.Bot.State;

/// <summary>Counts for the admin /stats command.</summary>
/// <param name="HandledUpdates">Rows of handled_updates with status 'done'.</param>
/// <param name="PendingUpdates">Rows still queued or claimed.</param>
/// <param name="Chats">Distinct chat ids that have any handled update.</param>
/// <param name="RepliesSent">Rows of sent_replies.</param>
/// <param name="FeedbackByKind">feedback rows per kind (e.g. "emotion_correction").</param>
/// <param name="ThemeChoices">Rows of theme_choices.</param>
public sealed record BotStats(long HandledUpdates, long PendingUpdates, long Chats, long RepliesSent,
    IReadOnlyDictionary<string, long> FeedbackByKind, long ThemeChoices);
