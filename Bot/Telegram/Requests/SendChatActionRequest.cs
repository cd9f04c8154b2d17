namespace TuneBot.Bot.Telegram.Requests;

/// <summary>sendChatAction ("Available methods"): "typing", "upload_voice", "upload_photo"… shown for about 5 s.</summary>
public sealed record SendChatActionRequest
{
    public long ChatId { get; init; }
    public required string Action { get; init; }
}
