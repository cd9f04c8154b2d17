namespace TuneBot.Bot.Handlers;

/// <summary>A download exceeded the size cap (known from file_size before downloading, or found while streaming).</summary>
public sealed class FileTooLargeException(long limitBytes, long? actualBytes)
    : Exception(actualBytes is { } n ? $"File of {n} bytes exceeds the {limitBytes}-byte limit" : $"File exceeds the {limitBytes}-byte limit")
{
    public long LimitBytes { get; } = limitBytes;
    /// <summary>Size reported by Telegram, or null when the cap was hit while streaming.</summary>
    public long? ActualBytes { get; } = actualBytes;
}
