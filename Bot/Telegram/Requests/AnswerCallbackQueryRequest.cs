namespace TuneBot.Bot.Telegram.Requests;

/// <summary>answerCallbackQuery ("Available methods"): every callback must be answered, or the client keeps a spinner.</summary>
public sealed record AnswerCallbackQueryRequest
{
    public required string CallbackQueryId { get; init; }
    /// <summary>0–200 characters shown as a notification; null shows nothing.</summary>
    public string? Text { get; init; }
    public bool? ShowAlert { get; init; }
}
