namespace TuneBot.Bot.Telegram.Types;

/// <summary>A press of an inline keyboard button (Bot API "CallbackQuery"); must be answered with answerCallbackQuery.</summary>
public sealed record CallbackQuery
{
    public required string Id { get; init; }
    public required User From { get; init; }
    /// <summary>The message with the keyboard; absent when too old.</summary>
    public Message? Message { get; init; }
    /// <summary>The button's callback_data (1–64 bytes).</summary>
    public string? Data { get; init; }
}
