namespace TuneBot.Bot.Telegram.Types;

/// <summary>One size of a photo (Bot API "PhotoSize").</summary>
public sealed record PhotoSize
{
    public required string FileId { get; init; }
    public string FileUniqueId { get; init; } = "";
    public int Width { get; init; }
    public int Height { get; init; }
    public long? FileSize { get; init; }
}
