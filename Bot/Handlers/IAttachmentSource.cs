namespace TuneBot.Bot.Handlers;

/// <summary>Fetches a message's file: from Telegram (getFile + download) or, in console mode, from a local path.</summary>
public interface IAttachmentSource
{
    /// <summary>Largest file accepted, bytes (Telegram's getFile limit: 20 MB).</summary>
    long MaxBytes { get; }

    /// <summary>Copies the file into <paramref name="destination"/>.</summary>
    /// <param name="fileId">Telegram file_id (console: a path).</param>
    /// <param name="knownSize">file_size from the message, checked before any download.</param>
    /// <exception cref="Telegram.Exceptions.FileTooLargeException">Larger than <see cref="MaxBytes"/>.</exception>
    Task DownloadAsync(string fileId, long? knownSize, Stream destination, CancellationToken ct = default);
}
