using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Localization;
using TuneBot.Bot.Telegram;
using TuneBot.Core.Catalog;

namespace TuneBot.Bot.Polling;

/// <summary>
/// The long-polling receiver on the Generic Host. At start: deleteWebhook (keeping pending updates) and
/// setMyCommands (English default + Korean). Then getUpdates in a loop; each update is claimed in the database,
/// handled on its chat's queue (chats in parallel up to the concurrency limit, one chat strictly in order),
/// marked done, and only then confirmed through the offset — so after a crash Telegram redelivers whatever was
/// not finished, and replies already sent are skipped. Stopping ends polling and waits for work in flight.
/// Telegram.Bot's own receivers are not used: they confirm an update before handling it and skip one whose
/// handler throws, which loses it.
/// </summary>
public sealed class PollingWorker(
    BotApi api,
    IBotStateStore store,
    UpdateRouter router,
    OutgoingRateLimiter limiter,
    TelegramAttachmentSource attachments,
    ChatLanguages languages,
    IOptions<TelegramOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<PollingWorker> logger) : BackgroundService
{
    private readonly TelegramOptions _options = options.Value;
    private readonly CancellationTokenSource _abort = new();
    private readonly ChatWorkQueue _queue = new(options.Value.EffectiveConcurrency);
    private OffsetTracker? _tracker;
    private long? _persistedOffset;
    private volatile bool _stopping;

    /// <summary>Updates handled to completion by this instance (for tests and figures).</summary>
    public int HandledCount => _handled;
    private int _handled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartupAsync(stoppingToken).ConfigureAwait(false)) return;
        _tracker = new OffsetTracker(_persistedOffset);
        logger.LogInformation("Polling for updates (offset {Offset}, concurrency {Concurrency})", _persistedOffset, _options.EffectiveConcurrency);

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Update[] updates;
            try
            {
                await PersistOffsetAsync(stoppingToken).ConfigureAwait(false);
                var offset = checked((int?)_tracker.Offset);
                updates = await api.CallAsync("getUpdates", (bot, c) =>
                    bot.GetUpdates(offset, limit: 100, timeout: _options.PollTimeoutSeconds, AllowedUpdates, c), stoppingToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode == 409)
            {
                logger.LogWarning("Another poller or a webhook is using this bot token (409 Conflict: {Description}); backing off {Seconds} s",
                    ex.Message, _options.ConflictBackoffSeconds);
                await DelayAsync(TimeSpan.FromSeconds(_options.ConflictBackoffSeconds), stoppingToken).ConfigureAwait(false);
                continue;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
            {
                logger.LogCritical("Telegram rejected the bot token ({Code}); stopping", ex.ErrorCode);
                lifetime.StopApplication();
                break;
            }
            catch (Exception ex)
            {
                failures++;
                var wait = TimeSpan.FromMilliseconds(Math.Min(60_000, _options.RetryBaseDelayMs * Math.Pow(2, Math.Min(failures, 10))));
                logger.LogWarning("getUpdates failed ({Error}); polling again in {Delay} ms", api.Redactor.Redact(ex.Message), (long)wait.TotalMilliseconds);
                await DelayAsync(wait, stoppingToken).ConfigureAwait(false);
                continue;
            }

            var accepted = 0;
            foreach (var update in updates.OrderBy(u => u.Id))
            {
                if (!_tracker.TryAccept(update.Id)) continue;
                accepted++;
                if (update.ChatId is not { } chatId)
                {
                    _tracker.Complete(update.Id); // nothing TuneBot answers (allowed_updates makes this rare)
                    continue;
                }
                _queue.Enqueue(chatId, slot => ProcessAsync(update, chatId, slot));
            }
            // Everything returned is still in flight (the offset is held back by an unfinished update):
            // wait for progress instead of re-polling in a tight loop.
            if (accepted == 0 && updates.Length > 0)
            {
                try { await _tracker.WaitForProgressAsync(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }

        _stopping = true;
        logger.LogInformation("Stopping: finishing the update(s) in flight, leaving {Count} queued one(s) for the next run", _queue.Outstanding);
        await _queue.WhenIdleAsync().ConfigureAwait(false);
        await PersistOffsetAsync(CancellationToken.None).ConfigureAwait(false);
        logger.LogInformation("Polling stopped at offset {Offset}", _persistedOffset);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Work in flight finishes normally; only if the host's shutdown timeout runs out are handlers cancelled.
        await using var registration = cancellationToken.Register(() => _abort.Cancel()).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    private async Task<bool> StartupAsync(CancellationToken ct)
    {
        var attempt = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await api.CallAsync("deleteWebhook", (bot, c) => bot.DeleteWebhook(dropPendingUpdates: false, c), ct).ConfigureAwait(false);
                await api.CallAsync("setMyCommands", (bot, c) => bot.SetMyCommands(Commands(Strings.English), cancellationToken: c), ct).ConfigureAwait(false);
                await api.CallAsync("setMyCommands", (bot, c) => bot.SetMyCommands(Commands(Strings.Korean), languageCode: "ko", cancellationToken: c), ct)
                    .ConfigureAwait(false);
                _persistedOffset = await store.GetOffsetAsync(ct).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return false;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
            {
                logger.LogCritical("Telegram rejected the bot token ({Code}); stopping", ex.ErrorCode);
                lifetime.StopApplication();
                return false;
            }
            catch (Exception ex)
            {
                attempt++;
                var wait = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempt)));
                logger.LogError("Start-up failed ({Error}); trying again in {Seconds} s", api.Redactor.Redact(ex.Message), wait.TotalSeconds);
                await DelayAsync(wait, ct).ConfigureAwait(false);
            }
        }
        return false;
    }

    private async Task ProcessAsync(Update update, long chatId, WorkSlot slot)
    {
        var tracker = _tracker!;
        var ct = _abort.Token;
        if (_stopping)
        {
            // Queued but not started when the stop came: leave it unclaimed and unconfirmed for the next run.
            tracker.Release(update.Id);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var claim = await store.ClaimUpdateAsync(update.Id, chatId, ct).ConfigureAwait(false);
            if (claim == UpdateClaim.AlreadyDone)
            {
                tracker.Complete(update.Id);
                return;
            }
            var sent = claim == UpdateClaim.Resumed
                ? await store.GetSentRepliesAsync(update.Id, ct).ConfigureAwait(false)
                : (IReadOnlySet<int>)new HashSet<int>();
            var replies = new TelegramChatReplies(api, store, limiter, update, chatId, sent, slot, logger);
            await router.HandleAsync(new ChatContext(update, chatId, replies, attachments, languages.For(update, chatId)), ct).ConfigureAwait(false);
            await store.MarkDoneAsync(update.Id, chatId, ct).ConfigureAwait(false);
            tracker.Complete(update.Id);
            Interlocked.Increment(ref _handled);
            if (claim == UpdateClaim.Resumed)
                logger.LogInformation("Update {UpdateId} resumed after an interruption; {Skipped} reply(ies) already sent were skipped", update.Id, replies.Skipped);
            logger.LogDebug("Update {UpdateId} handled in {Elapsed:F0} ms", update.Id, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Hard shutdown: the update stays 'claimed' and unconfirmed; Telegram redelivers it after restart.
            tracker.Release(update.Id);
        }
        catch (Exception ex)
        {
            // Bookkeeping failed (database down): leave the update unconfirmed and let its redelivery retry it.
            logger.LogError("Update {UpdateId} not completed ({Type}: {Error}); it will be retried", update.Id, ex.GetType().Name, api.Redactor.Redact(ex.Message));
            await DelayAsync(TimeSpan.FromSeconds(2), ct).ConfigureAwait(false);
            tracker.Release(update.Id);
        }
    }

    private async Task PersistOffsetAsync(CancellationToken ct)
    {
        if (_tracker?.Offset is not { } offset || offset == _persistedOffset) return;
        try
        {
            await store.SetOffsetAsync(offset, ct).ConfigureAwait(false);
            _persistedOffset = offset;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Offset not stored ({Type}); will try again", ex.GetType().Name);
        }
    }

    private static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    private static BotCommand[] Commands(Strings s) =>
    [
        new() { Command = "start", Description = s.MenuStart },
        new() { Command = "help", Description = s.MenuHelp },
        new() { Command = "mood", Description = s.MenuMood },
        new() { Command = "similar", Description = s.MenuSimilar },
        new() { Command = "map", Description = s.MenuMap },
        new() { Command = "forget", Description = s.MenuForget },
    ];

    private static async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try { await Task.Delay(delay, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }
}
