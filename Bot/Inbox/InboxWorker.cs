using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Localization;
using TuneBot.Bot.Polling;
using TuneBot.Bot.State;
using TuneBot.Bot.Transport;
using TuneBot.Bot.Telemetry;
using TuneBot.Core.Storage;

namespace TuneBot.Bot.Inbox;

/// <summary>
/// Drains the inbox in the catalog database — the one handling path of both receivers (polling and webhook) and of
/// every instance. Each free concurrency slot claims the oldest claimable update (no earlier update of its chat
/// unfinished, so a chat stays in order across instances), handles it under a lease renewed while it runs, skips
/// replies an earlier holder already sent, and marks it done. A crashed instance's leases run out and another
/// instance takes its updates over. Stopping claims nothing more and waits for the updates in flight; only when
/// the host's shutdown timeout runs out are handlers cancelled (their leases then run out as after a crash).
/// </summary>
public sealed class InboxWorker(
    IBotStateStore store,
    UpdateRouter router,
    BotApi api,
    OutgoingRateLimiter limiter,
    TelegramAttachmentSource attachments,
    ChatLanguages languages,
    InboxSignal signal,
    BotMetrics metrics,
    IOptions<TelegramOptions> telegram,
    IOptions<InboxOptions> options,
    ILogger<InboxWorker> logger) : BackgroundService
{
    private readonly InboxOptions _options = options.Value;
    private readonly CancellationTokenSource _abort = new();
    private readonly SemaphoreSlim _slots = new(telegram.Value.EffectiveConcurrency);
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private long _lastDepthRead;

    /// <summary>Who holds a lease: host, process and a random part, so a restarted process never inherits its predecessor's leases.</summary>
    public string Owner { get; } = $"{Environment.MachineName[..Math.Min(40, Environment.MachineName.Length)]}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Updates this instance handled to completion (tests and figures).</summary>
    public int HandledCount => _handled;
    private int _handled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Draining the update inbox as {Owner} (concurrency {Concurrency}, lease {Lease} s)",
            Owner, telegram.Value.EffectiveConcurrency, _options.Lease.TotalSeconds);
        var pruning = PruneDoneRecordsAsync(stoppingToken);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            IReadOnlyList<InboxUpdate> claimed;
            try
            {
                await ReadDepthAsync(stoppingToken).ConfigureAwait(false);
                claimed = await store.ClaimNextAsync(Owner, _options.Lease, 1, stoppingToken).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception ex)
            {
                _slots.Release();
                if (stoppingToken.IsCancellationRequested) break;
                failures++;
                logger.LogWarning("Inbox claim failed ({Type}: {Error}); trying again", ex.GetType().Name, ex.Message);
                await DelayAsync(TimeSpan.FromMilliseconds(Math.Min(10_000, 100 * Math.Pow(2, Math.Min(failures, 7)))), stoppingToken).ConfigureAwait(false);
                continue;
            }
            if (claimed.Count == 0)
            {
                _slots.Release();
                try { await signal.WaitAsync(TimeSpan.FromMilliseconds(_options.PollIntervalMs), stoppingToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
                continue;
            }
            var item = claimed[0];
            _running[item.UpdateId] = Task.Run(() => RunAsync(item));
        }

        logger.LogInformation("Stopping: finishing the update(s) in flight ({Count}), leaving the queued ones in the inbox", _running.Count);
        await Task.WhenAll(_running.Values).ConfigureAwait(false);
        await pruning.ConfigureAwait(false);
        logger.LogInformation("Inbox worker stopped");
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

    private async Task RunAsync(InboxUpdate item)
    {
        try
        {
            await ProcessAsync(item, new WorkSlot(_slots)).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
            _running.TryRemove(item.UpdateId, out _);
            signal.Pulse(); // the chat's next update may be claimable now
        }
    }

    private async Task ProcessAsync(InboxUpdate item, WorkSlot slot)
    {
        // Cancelled by a hard shutdown, or when the lease is lost: the new holder answers, this one stops sending.
        using var work = CancellationTokenSource.CreateLinkedTokenSource(_abort.Token);
        var ct = work.Token;
        var started = Stopwatch.GetTimestamp();
        var flow = "other";
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var renewing = RenewWhileRunningAsync(item.UpdateId, work, heartbeat.Token);
        try
        {
            if (item.Attempts > _options.MaxAttempts)
            {
                logger.LogError("Update {UpdateId} given up after {Attempts} attempts; its chat moves on", item.UpdateId, item.Attempts - 1);
                await store.CompleteAsync(item.UpdateId, ct).ConfigureAwait(false);
                metrics.Failed(flow);
                return;
            }
            var update = JsonSerializer.Deserialize<Update>(item.Payload, JsonBotAPI.Options)
                         ?? throw new JsonException("the stored update is null");
            flow = UpdateFlow.Of(update);
            var sent = await store.GetSentRepliesAsync(item.UpdateId, ct).ConfigureAwait(false);
            // Another instance may have answered this chat a moment ago: the per-chat spacing counts from that reply.
            if (await store.GetSinceLastReplyAsync(item.ChatId, ct).ConfigureAwait(false) is { } sinceMs)
                limiter.NoteSentBefore(item.ChatId, TimeSpan.FromMilliseconds(Math.Max(0, sinceMs)));
            if (!languages.Knows(item.ChatId) && await store.GetChatLanguageAsync(item.ChatId, ct).ConfigureAwait(false) is { } stored)
                languages.Restore(item.ChatId, stored);
            var replies = new TelegramChatReplies(api, store, limiter, update, item.ChatId, sent, slot, logger);
            await router.HandleAsync(new ChatContext(update, item.ChatId, replies, attachments, languages.For(update, item.ChatId)), ct).ConfigureAwait(false);
            await heartbeat.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
            await store.CompleteAsync(item.UpdateId, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _handled);
            metrics.Handled(flow, TimeSpan.FromMilliseconds(item.QueuedMs) + Stopwatch.GetElapsedTime(started));
            if (item.Attempts > 1 || replies.Skipped > 0)
                logger.LogInformation("Update {UpdateId} resumed after an interruption; {Skipped} reply(ies) already sent were skipped", item.UpdateId, replies.Skipped);
            logger.LogDebug("Update {UpdateId} handled in {Elapsed:F0} ms", item.UpdateId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Hard shutdown: nothing more is written, as after a crash; the lease runs out and another claim resumes it.
            // Lease lost: another instance holds the update now and resumes it from the replies recorded.
        }
        catch (RequestException ex) when (BotApiFaults.IsTransient(ex))
        {
            // Telegram could not take a reply (outage, 5xx, flood control past the retries): the update stays pending
            // and is tried again with a growing wait, across restarts, until DeliveryRetryHours after its arrival.
            metrics.Failed(flow);
            if (TimeSpan.FromMilliseconds(item.QueuedMs) > TimeSpan.FromHours(_options.DeliveryRetryHours))
            {
                logger.LogError("Update {UpdateId}: reply still not deliverable {Hours} h after arrival ({Error}); given up", item.UpdateId, _options.DeliveryRetryHours, ex.Message);
                await TryAsync(item.UpdateId, "not marked done", () => store.CompleteAsync(item.UpdateId, CancellationToken.None)).ConfigureAwait(false);
                return;
            }
            var wait = DeliveryRetryDelay(item.QueuedMs);
            logger.LogWarning("Update {UpdateId}: reply not delivered ({Error}); trying again in {Delay} ms", item.UpdateId, ex.Message, (long)wait.TotalMilliseconds);
            await TryAsync(item.UpdateId, "not given back", () => store.ReleaseAsync(item.UpdateId, Owner, wait, countsAsAttempt: false, CancellationToken.None)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Bookkeeping failed (database down): give it back to be tried again.
            metrics.Failed(flow);
            logger.LogError("Update {UpdateId} not completed ({Type}: {Error}); it will be retried", item.UpdateId, ex.GetType().Name, api.Redactor.Redact(ex.Message));
            await TryAsync(item.UpdateId, "not given back",
                () => store.ReleaseAsync(item.UpdateId, Owner, TimeSpan.FromSeconds(_options.RetryDelaySeconds), ct: CancellationToken.None)).ConfigureAwait(false);
        }
        finally
        {
            if (!heartbeat.IsCancellationRequested) await heartbeat.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(false);
        }
    }

    /// <summary>Half the time the update has waited so far (a backoff that needs no failure count), from RetryDelaySeconds up to DeliveryRetryMaxDelaySeconds.</summary>
    private TimeSpan DeliveryRetryDelay(long queuedMs) =>
        TimeSpan.FromSeconds(Math.Clamp(queuedMs / 2000.0, Math.Max(0.05, _options.RetryDelaySeconds), Math.Max(0.05, _options.DeliveryRetryMaxDelaySeconds)));

    private async Task TryAsync(long updateId, string what, Func<Task> bookkeeping)
    {
        try { await bookkeeping().ConfigureAwait(false); }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogWarning("Update {UpdateId} {What} ({Type}); its lease will run out", updateId, what, failure.GetType().Name);
        }
    }

    private async Task RenewWhileRunningAsync(long updateId, CancellationTokenSource work, CancellationToken ct)
    {
        var every = _options.Lease / 3;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, ct).ConfigureAwait(false);
                if (!await store.RenewLeaseAsync(updateId, Owner, _options.Lease, ct).ConfigureAwait(false))
                {
                    logger.LogWarning("Lease on update {UpdateId} lost (it ran out and another instance claimed it); stopping it here", updateId);
                    await work.CancelAsync().ConfigureAwait(false);
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning("Lease on update {UpdateId} not renewed ({Type}); trying again", updateId, ex.GetType().Name);
            }
        }
    }

    // The exactly-once record is what remains of a chat after /forget: it goes once Telegram can no longer redeliver.
    private async Task PruneDoneRecordsAsync(CancellationToken ct)
    {
        var every = TimeSpan.FromSeconds(Math.Max(0.05, _options.PruneIntervalSeconds));
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var deleted = await store.PruneDoneAsync(_options.DoneRetention, ct).ConfigureAwait(false);
                if (deleted > 0) logger.LogInformation("Deleted {Rows} exactly-once records older than {Hours} h", deleted, _options.DoneRetentionHours);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Pruning old exactly-once records failed ({Type}); trying again later", ex.GetType().Name);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await DelayAsync(every, ct).ConfigureAwait(false);
        }
    }

    // At most once a second: the gauges need a recent value, not one per claim.
    private async Task ReadDepthAsync(CancellationToken ct)
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastDepthRead) < 1000) return;
        Interlocked.Exchange(ref _lastDepthRead, now);
        metrics.Depth(await store.GetInboxDepthAsync(ct).ConfigureAwait(false));
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try { await Task.Delay(delay, ct).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }
}
