namespace TuneBot.Bot.Telegram.Types;

/// <summary>A music file sent as audio (Bot API "Audio").</summary>
public sealed record Audio
{
    public required string FileId { get; init; }
    public string FileUniqueId { get; init; } = "";
    /// <summary>Seconds, as set by the sender.</summary>
    public int Duration { get; init; }
    public string? Performer { get; init; }
    public string? Title { get; init; }
    public string? FileName { get; init; }
    public string? MimeType { get; init; }
    /// <summary>Bytes; may be absent.</summary>
    public long? FileSize { get; init; }
}
