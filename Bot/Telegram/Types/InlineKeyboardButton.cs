namespace TuneBot.Bot.Telegram.Types;

/// <summary>One inline keyboard button (Bot API "InlineKeyboardButton"), callback kind only.</summary>
public sealed record InlineKeyboardButton
{
    public required string Text { get; init; }
    /// <summary>1–64 bytes of UTF-8, sent back in the <see cref="CallbackQuery"/>.</summary>
    public string? CallbackData { get; init; }
}
