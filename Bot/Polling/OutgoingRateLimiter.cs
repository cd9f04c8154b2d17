using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Transport;

namespace TuneBot.Bot.Polling;

/// <summary>
/// Telegram's outgoing limits (Bot API FAQ): about 1 message per second per chat and 30 per second overall.
/// Across instances: the per-chat spacing also counts from the chat's latest reply in the database
/// (<see cref="NoteSentBefore"/>); the overall rate is this instance's share, GlobalMessagesPerSecond ÷ Bot:Instances.
/// Per chat, the spacing is measured from the previous message's actual send (a chat's replies go out one at
/// a time, in order), so no delay between permit and send can bunch two messages together. Overall, a token
/// bucket holding a single token refilled every 1/30 s: messages are spread evenly, so any one-second span
/// sees at most about 30 (a bucket refilled 30 at a time, or a sliding window, lets up to two bursts fall into
/// one second).
/// </summary>
public sealed class OutgoingRateLimiter : IDisposable
{
    private readonly long _chatIntervalTicks;
    private readonly ConcurrentDictionary<long, long> _lastSent = new();
    private readonly TokenBucketRateLimiter _global;

    public OutgoingRateLimiter(IOptions<TelegramOptions> options, IOptions<BotOptions> botOptions)
    {
        var perChat = Math.Max(0.001, options.Value.PerChatMessagesPerSecond);
        _chatIntervalTicks = (long)(Stopwatch.Frequency / perChat);
        var global = Math.Max(1, options.Value.GlobalMessagesPerSecond / Math.Max(1.0, botOptions.Value.Instances));
        // One token per 1/rate s; above 100/s several per 10 ms, since timers do not tick much faster.
        var period = Math.Max(1.0 / global, 0.010);
        var tokens = Math.Max(1, (int)Math.Round(global * period));
        _global = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds(period),
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>Waits until the chat's previous message is at least the per-chat interval old.</summary>
    public async Task WaitForChatAsync(long chatId, CancellationToken ct)
    {
        if (!_lastSent.TryGetValue(chatId, out var last)) return;
        var wait = Stopwatch.GetElapsedTime(last);
        var interval = TimeSpan.FromSeconds((double)_chatIntervalTicks / Stopwatch.Frequency);
        if (wait < interval) await Task.Delay(interval - wait, ct).ConfigureAwait(false);
    }

    /// <summary>Waits for a permit of the overall limit; send right after it.</summary>
    public async Task AcquireGlobalAsync(CancellationToken ct)
    {
        using var lease = await _global.AcquireAsync(1, ct).ConfigureAwait(false);
        if (!lease.IsAcquired)
            throw new InvalidOperationException("Outgoing message queue is full.");
    }

    /// <summary>
    /// Records that a message to the chat was sent <paramref name="ago"/> (by any instance, as the database says),
    /// so the next one here keeps the per-chat spacing too.
    /// </summary>
    public void NoteSentBefore(long chatId, TimeSpan ago)
    {
        var at = Stopwatch.GetTimestamp() - (long)(ago.TotalSeconds * Stopwatch.Frequency);
        _lastSent.AddOrUpdate(chatId, at, (_, known) => Math.Max(known, at));
    }

    /// <summary>Records that a message to the chat has just been sent.</summary>
    public void MarkSent(long chatId)
    {
        var now = Stopwatch.GetTimestamp();
        _lastSent[chatId] = now;
        if (_lastSent.Count > 10_000)
        {
            // Chats quiet for longer than the interval impose no wait; forget them.
            foreach (var (chat, last) in _lastSent)
                if (now - last > _chatIntervalTicks) _lastSent.TryRemove(KeyValuePair.Create(chat, last));
        }
    }

    public void Dispose() => _global.Dispose();
}
