namespace TuneBot.Bot.Telegram.Types;

/// <summary>A voice note (Bot API "Voice"): OGG/Opus, mono, 48 kHz.</summary>
public sealed record Voice
{
    public required string FileId { get; init; }
    public string FileUniqueId { get; init; } = "";
    /// <summary>Seconds, as set by the sender.</summary>
    public int Duration { get; init; }
    public string? MimeType { get; init; }
    /// <summary>Bytes; may be absent.</summary>
    public long? FileSize { get; init; }
}
