using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Inbox;
using TuneBot.Bot.Ports;
using TuneBot.Bot.State;
using TuneBot.Bot.Transport;
using TuneBot.Core.Storage;

namespace TuneBot.Bot.Polling;

/// <summary>
/// Replies to one update through the Bot API, each at most once: replies are numbered in the order the handler
/// makes them (seq 0, 1, …); a number already recorded in sent_replies (from an earlier, interrupted attempt
/// at the same update) is skipped, and each sent reply is recorded right after Telegram accepts it. Messages
/// pass the outgoing rate limiter (giving the handler's concurrency slot to other chats while waiting); chat
/// actions are neither numbered nor limited.
/// </summary>
public sealed class TelegramChatReplies(
    BotApi api,
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
        SendOnceAsync(c => api.CallAsync("sendMessage", (bot, t) =>
            bot.SendMessage(chatId, html, ParseMode.Html, replyMarkup: Keyboard(buttons), cancellationToken: t), c), rateLimited: true, ct);

    public async Task SendTypingAsync(CancellationToken ct = default)
    {
        try
        {
            await api.CallAsync("sendChatAction", (bot, t) => bot.SendChatAction(chatId, ChatAction.Typing, cancellationToken: t), ct).ConfigureAwait(false);
        }
        catch (RequestException ex)
        {
            logger.LogDebug("Chat action not shown: {Error}", ex.Message); // cosmetic only
        }
    }

    public Task SendAudioAsync(PreviewClip clip, string? captionHtml = null, CancellationToken ct = default) =>
        SendOnceAsync(c => api.CallAsync("sendAudio", (bot, t) =>
            bot.SendAudio(chatId, Upload(clip.Audio, clip.FileName), captionHtml, CaptionMode(captionHtml),
                duration: clip.DurationSeconds, performer: clip.Performer, title: clip.Title, cancellationToken: t), c), rateLimited: true, ct);

    public Task SendPhotoAsync(MapImage image, string? captionHtml = null, CancellationToken ct = default) =>
        SendOnceAsync(c => api.CallAsync("sendPhoto", (bot, t) =>
            bot.SendPhoto(chatId, Upload(image.Png, "map.png"), captionHtml, CaptionMode(captionHtml), cancellationToken: t), c), rateLimited: true, ct);

    public Task AnswerCallbackAsync(string? text = null, CancellationToken ct = default)
    {
        if (update.CallbackQuery is not { } query || _callbackAnswered) return Task.CompletedTask;
        _callbackAnswered = true;
        return SendOnceAsync(async c =>
        {
            try
            {
                await api.CallAsync("answerCallbackQuery", (bot, t) => bot.AnswerCallbackQuery(query.Id, text, cancellationToken: t), c).ConfigureAwait(false);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 400)
            {
                // "query is too old": after a long outage the spinner is long gone; the real reply still follows.
                logger.LogInformation("Callback query not answered: {Description}", ex.Message);
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
        try
        {
            await store.RecordSentReplyAsync(update.Id, seq, chatId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ReplyNotRecordedException(update.Id, ex);
        }
    }

    private static InlineKeyboardMarkup? Keyboard(IReadOnlyList<IReadOnlyList<ChatButton>>? rows) =>
        rows is null || rows.Count == 0
            ? null
            : new InlineKeyboardMarkup(rows.Where(r => r.Count > 0)
                .Select(r => r.Select(b => InlineKeyboardButton.WithCallbackData(b.Label, b.Data))));

    /// <summary>A fresh stream per attempt: a retry must not send the bytes a failed attempt already read.</summary>
    private static InputFile Upload(ReadOnlyMemory<byte> bytes, string fileName) =>
        InputFile.FromStream(new MemoryStream(bytes.ToArray(), writable: false), fileName);

    private static ParseMode CaptionMode(string? captionHtml) => captionHtml is null ? ParseMode.None : ParseMode.Html;
}
