namespace TuneBot.Bot.Telegram.Types;

/// <summary>A message (Bot API "Message"), limited to the fields TuneBot reads.</summary>
public sealed record Message
{
    public long MessageId { get; init; }
    public User? From { get; init; }
    public required Chat Chat { get; init; }
    /// <summary>Unix time in seconds.</summary>
    public long Date { get; init; }
    public string? Text { get; init; }
    public string? Caption { get; init; }
    public Voice? Voice { get; init; }
    public Audio? Audio { get; init; }
    public Document? Document { get; init; }
    public VideoNote? VideoNote { get; init; }
    public PhotoSize[]? Photo { get; init; }
    public InlineKeyboardMarkup? ReplyMarkup { get; init; }
}
