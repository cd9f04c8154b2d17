using Microsoft.Extensions.Logging;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Ports;
using TuneBot.Bot.Telegram;
using TuneBot.Bot.Telegram.Exceptions;
using TuneBot.Bot.Telegram.Requests;
using TuneBot.Bot.Telegram.Types;
using TuneBot.Core.Catalog;

namespace TuneBot.Bot.Polling;

/// <summary>
/// Replies to one update through the Bot API, each at most once: replies are numbered in the order the handler
/// makes them (seq 0, 1, …); a number already recorded in sent_replies (from an earlier, interrupted attempt
/// at the same update) is skipped, and each sent reply is recorded right after Telegram accepts it. Messages
/// pass the outgoing rate limiter (giving the handler's concurrency slot to other chats while waiting); chat
/// actions are neither numbered nor limited.
/// </summary>
public sealed class TelegramChatReplies(
    TelegramBotClient client,
    IBotStateStore store,
    OutgoingRateLimiter limiter,
    Update update,
    long chatId,
    IReadOnlySet<int> alreadySent,
    WorkSlot? slot,
    ILogger logger) : IChatReplies
{
    private int _nextSeq;
    private bool _callbackAnswered;

    /// <summary>Replies skipped because an earlier attempt had sent them.</summary>
    public int Skipped { get; private set; }

    public Task SendTextAsync(string html, IReadOnlyList<IReadOnlyList<ChatButton>>? buttons = null, CancellationToken ct = default) =>
        SendOnceAsync(c => client.SendMessageAsync(chatId, html, Keyboard(buttons), c), rateLimited: true, ct);

    public async Task SendTypingAsync(CancellationToken ct = default)
    {
        try
        {
            await client.SendChatActionAsync(chatId, "typing", ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TelegramApiException or TelegramNetworkException)
        {
            logger.LogDebug("Chat action not shown: {Error}", ex.Message); // cosmetic only
        }
    }

    public Task SendAudioAsync(PreviewClip clip, string? captionHtml = null, CancellationToken ct = default) =>
        SendOnceAsync(c => client.SendAudioAsync(chatId,
            new AudioUpload(new InputFile(clip.FileName, clip.Audio, clip.ContentType), clip.Title, clip.Performer, clip.DurationSeconds, captionHtml),
            ct: c), rateLimited: true, ct);

    public Task SendPhotoAsync(MapImage image, string? captionHtml = null, CancellationToken ct = default) =>
        SendOnceAsync(c => client.SendPhotoAsync(chatId, new InputFile("map.png", image.Png, "image/png"), captionHtml, ct: c),
            rateLimited: true, ct);

    public Task AnswerCallbackAsync(string? text = null, CancellationToken ct = default)
    {
        if (update.CallbackQuery is not { } query || _callbackAnswered) return Task.CompletedTask;
        _callbackAnswered = true;
        return SendOnceAsync(async c =>
        {
            try
            {
                await client.AnswerCallbackQueryAsync(query.Id, text, c).ConfigureAwait(false);
            }
            catch (TelegramApiException ex) when (ex.ErrorCode == 400)
            {
                // "query is too old": after a long outage the spinner is long gone; the real reply still follows.
                logger.LogInformation("Callback query not answered: {Description}", ex.Description);
            }
        }, rateLimited: false, ct);
    }

    private async Task SendOnceAsync(Func<CancellationToken, Task> send, bool rateLimited, CancellationToken ct)
    {
        var seq = _nextSeq++;
        if (alreadySent.Contains(seq))
        {
            Skipped++;
            return;
        }
        if (rateLimited)
        {
            // Waiting for the chat's spacing is not work: let other chats use the concurrency slot meanwhile.
            if (slot is null) await limiter.WaitForChatAsync(chatId, ct).ConfigureAwait(false);
            else await slot.StepAsideWhileAsync(() => limiter.WaitForChatAsync(chatId, ct)).ConfigureAwait(false);
            await limiter.AcquireGlobalAsync(ct).ConfigureAwait(false);
        }
        try
        {
            await send(ct).ConfigureAwait(false);
        }
        finally
        {
            if (rateLimited) limiter.MarkSent(chatId);
        }
        await store.RecordSentReplyAsync(update.UpdateId, seq, chatId, CancellationToken.None).ConfigureAwait(false);
    }

    private static InlineKeyboardMarkup? Keyboard(IReadOnlyList<IReadOnlyList<ChatButton>>? rows) =>
        rows is null || rows.Count == 0
            ? null
            : new InlineKeyboardMarkup
            {
                InlineKeyboard = rows.Where(r => r.Count > 0)
                    .Select(r => r.Select(b => new InlineKeyboardButton { Text = b.Label, CallbackData = b.Data }).ToArray())
                    .ToArray(),
            };
}
