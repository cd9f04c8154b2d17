using TuneBot.Bot.Telegram.Types;

namespace TuneBot.Bot.Telegram.Requests;

/// <summary>sendMessage ("Available methods"): a text message of 1–4096 characters.</summary>
public sealed record SendMessageRequest
{
    public long ChatId { get; init; }
    public required string Text { get; init; }
    /// <summary>"HTML": only &lt;, &gt; and &amp; need escaping, simpler than MarkdownV2 for user titles.</summary>
    public string? ParseMode { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}
