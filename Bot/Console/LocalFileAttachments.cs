using TuneBot.Bot.Handlers;

namespace TuneBot.Bot.Console;

/// <summary>Console attachments: the "file id" is a local path; the same 20 MB cap as Telegram applies.</summary>
public sealed class LocalFileAttachments(long maxBytes) : IAttachmentSource
{
    public long MaxBytes => maxBytes;

    public async Task DownloadAsync(string fileId, long? knownSize, Stream destination, CancellationToken ct = default)
    {
        var info = new FileInfo(fileId);
        if (info.Length > maxBytes) throw new FileTooLargeException(maxBytes, info.Length);
        await using var source = info.OpenRead();
        await source.CopyToAsync(destination, ct).ConfigureAwait(false);
    }
}
