namespace TuneBot.Bot.Telegram.Types;

/// <summary>A general file (Bot API "Document"); TuneBot accepts it when <see cref="MimeType"/> is audio/*.</summary>
public sealed record Document
{
    public required string FileId { get; init; }
    public string FileUniqueId { get; init; } = "";
    public string? FileName { get; init; }
    public string? MimeType { get; init; }
    /// <summary>Bytes; may be absent.</summary>
    public long? FileSize { get; init; }
}
