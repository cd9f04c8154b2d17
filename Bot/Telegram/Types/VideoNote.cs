namespace TuneBot.Bot.Telegram.Types;

/// <summary>A round video message (Bot API "VideoNote"); its sound track is analysed.</summary>
public sealed record VideoNote
{
    public required string FileId { get; init; }
    public string FileUniqueId { get; init; } = "";
    /// <summary>Diameter in pixels.</summary>
    public int Length { get; init; }
    /// <summary>Seconds, as set by the sender.</summary>
    public int Duration { get; init; }
    /// <summary>Bytes; may be absent.</summary>
    public long? FileSize { get; init; }
}
