using TuneBot.Bot.Telegram.Types;

namespace TuneBot.Bot.Telegram.Requests;

/// <summary>editMessageText ("Updating messages").</summary>
public sealed record EditMessageTextRequest
{
    public long ChatId { get; init; }
    public long MessageId { get; init; }
    public required string Text { get; init; }
    public string? ParseMode { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}
