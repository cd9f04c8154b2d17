namespace TuneBot.Bot.Handlers;

/// <summary>
/// A reply reached Telegram but the database would not record it. The user has their answer, so no apology
/// follows it (that would say the bot failed when it did not); the update ends there rather than risk sending the
/// same reply twice.
/// </summary>
public sealed class ReplyNotRecordedException(long updateId, Exception cause)
    : Exception($"Reply of update {updateId} was delivered but not recorded ({cause.GetType().Name}: {cause.Message})", cause);
