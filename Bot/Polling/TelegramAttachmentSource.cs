using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Transport;

namespace TuneBot.Bot.Polling;

/// <summary>
/// Downloads a message's file through getFile and the file endpoint, capped at <see cref="TelegramOptions.MaxDownloadBytes"/>:
/// refused before any request when the message announces a larger size, before the download when getFile does,
/// and cut off while streaming when neither told.
/// </summary>
public sealed class TelegramAttachmentSource(BotApi api, IOptions<TelegramOptions> options) : IAttachmentSource
{
    public long MaxBytes => options.Value.MaxDownloadBytes;

    public async Task DownloadAsync(string fileId, long? knownSize, Stream destination, CancellationToken ct = default)
    {
        var cap = MaxBytes;
        if (knownSize > cap) throw new FileTooLargeException(cap, knownSize);
        var file = await api.CallAsync("getFile", (bot, c) => bot.GetFile(fileId, c), ct).ConfigureAwait(false);
        if (file.FileSize > cap) throw new FileTooLargeException(cap, file.FileSize);
        if (string.IsNullOrEmpty(file.FilePath))
            throw new ApiRequestException("getFile gave no file_path (file too big or expired)", 400);
        await api.DownloadAsync(file.FilePath, destination, cap, ct).ConfigureAwait(false);
    }
}
