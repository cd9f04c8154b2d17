namespace TuneBot.Bot.Telegram.Types;

/// <summary>An inline keyboard attached to a message (Bot API "InlineKeyboardMarkup"): rows of buttons.</summary>
public sealed record InlineKeyboardMarkup
{
    public InlineKeyboardButton[][] InlineKeyboard { get; init; } = [];
}
