namespace TuneBot.Bot.Telegram.Types;

/// <summary>A file ready to be downloaded (Bot API "File", returned by getFile).</summary>
public sealed record TelegramFile
{
    public required string FileId { get; init; }
    public string FileUniqueId { get; init; } = "";
    /// <summary>Bytes; may be absent.</summary>
    public long? FileSize { get; init; }
    /// <summary>Path for <c>{base}/file/bot{token}/{file_path}</c>; absent when the file cannot be downloaded.</summary>
    public string? FilePath { get; init; }
}
