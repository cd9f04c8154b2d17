using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using TuneBot.Bot.Inbox;
using TuneBot.Bot.State;
using TuneBot.Bot.Transport;
using TuneBot.Bot.Telemetry;
using TuneBot.Core.Storage;

namespace TuneBot.Bot.Polling;

/// <summary>
/// The long-polling receiver (Telegram:Mode polling). At start: deleteWebhook (keeping pending updates, so switching
/// back from webhook mode loses nothing) and setMyCommands. Then getUpdates in a loop; each update is stored in the
/// inbox and only then confirmed through the offset, so an update Telegram has forgotten is always in the database.
/// Handling is the <see cref="InboxWorker"/>'s, as in webhook mode. Telegram.Bot's own receivers are not used: they
/// confirm an update before the caller has it safe.
/// </summary>
public sealed class PollingWorker(
    BotApi api,
    IBotStateStore store,
    InboxSignal signal,
    BotMetrics metrics,
    IOptions<TelegramOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<PollingWorker> logger) : BackgroundService
{
    private readonly TelegramOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.Mode != ReceiveMode.Polling) return;
        var (ok, offset) = await StartupAsync(stoppingToken).ConfigureAwait(false);
        if (!ok) return;
        logger.LogInformation("Polling for updates (offset {Offset})", offset);

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var asked = checked((int?)offset);
                var batch = await api.CallAsync("getUpdates", (bot, c) => bot.SendRequest(new RawGetUpdatesRequest
                {
                    Offset = asked, Limit = 100, Timeout = _options.PollTimeoutSeconds, AllowedUpdates = BotMenu.AllowedUpdates,
                }, c), stoppingToken).ConfigureAwait(false);
                if (batch.Length > 0)
                {
                    foreach (var element in batch.OrderBy(e => UpdateReader.IdOf(e) ?? long.MaxValue))
                    {
                        if (UpdateReader.IdOf(element) is not { } id)
                        {
                            // Without an id it cannot be confirmed on its own; the next readable id confirms it.
                            logger.LogWarning("An update without a readable update_id was skipped");
                            continue;
                        }
                        if (UpdateReader.TryRead(element, out var problem) is not { } update)
                        {
                            // Skipped and confirmed: kept, it would block the whole batch for everyone (Telegram keeps it a day).
                            logger.LogWarning("Update {UpdateId} could not be read ({Problem}); skipped", id, problem);
                            metrics.Failed("unreadable");
                        }
                        // An update TuneBot does not answer (no chat) is confirmed without being stored.
                        else if (update.ChatId is { } chatId
                            && await store.StoreUpdateAsync(update.Id, chatId, JsonSerializer.Serialize(update, JsonBotAPI.Options), stoppingToken).ConfigureAwait(false))
                            metrics.Received("polling");
                        offset = Math.Max(offset ?? 0, id + 1L);
                    }
                    signal.Pulse();
                    if (offset is { } confirmed) await store.SetOffsetAsync(confirmed, stoppingToken).ConfigureAwait(false);
                }
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
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
            {
                logger.LogCritical("Telegram rejected the bot token ({Code}); stopping", ex.ErrorCode);
                lifetime.StopApplication();
                break;
            }
            catch (Exception ex)
            {
                // getUpdates or the inbox failed: ask again from the same offset (updates already stored are stored once).
                failures++;
                var wait = TimeSpan.FromMilliseconds(Math.Min(60_000, _options.RetryBaseDelayMs * Math.Pow(2, Math.Min(failures, 10))));
                logger.LogWarning("Receiving updates failed ({Error}); polling again in {Delay} ms", api.Redactor.Redact(ex.Message), (long)wait.TotalMilliseconds);
                await DelayAsync(wait, stoppingToken).ConfigureAwait(false);
            }
        }
        logger.LogInformation("Polling stopped at offset {Offset}", offset);
    }

    private async Task<(bool Ok, long? Offset)> StartupAsync(CancellationToken ct)
    {
        var attempt = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await api.CallAsync("deleteWebhook", (bot, c) => bot.DeleteWebhook(dropPendingUpdates: false, c), ct).ConfigureAwait(false);
                await BotMenu.SetCommandsAsync(api, ct).ConfigureAwait(false);
                return (true, await store.GetOffsetAsync(ct).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return (false, null);
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
            {
                logger.LogCritical("Telegram rejected the bot token ({Code}); stopping", ex.ErrorCode);
                lifetime.StopApplication();
                return (false, null);
            }
            catch (Exception ex)
            {
                attempt++;
                var wait = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempt)));
                logger.LogError("Start-up failed ({Error}); trying again in {Seconds} s", api.Redactor.Redact(ex.Message), wait.TotalSeconds);
                await DelayAsync(wait, ct).ConfigureAwait(false);
            }
        }
        return (false, null);
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try { await Task.Delay(delay, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }
}
