using Microsoft.Extensions.Options;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Telegram;

namespace TuneBot.Bot.Polling;

/// <summary>Downloads a message's file through getFile + the file endpoint, capped at <see cref="TelegramOptions.MaxDownloadBytes"/>.</summary>
public sealed class TelegramAttachmentSource(TelegramBotClient client, IOptions<TelegramOptions> options) : IAttachmentSource
{
    public long MaxBytes => options.Value.MaxDownloadBytes;

    public Task DownloadAsync(string fileId, long? knownSize, Stream destination, CancellationToken ct = default) =>
        client.DownloadFileAsync(fileId, destination, knownSize, MaxBytes, ct);
}
