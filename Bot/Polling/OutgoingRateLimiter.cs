using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TuneBot.Bot.Telegram;

namespace TuneBot.Bot.Polling;

/// <summary>
/// Telegram's outgoing limits as token buckets: about 1 message per second per chat and 30 per second overall
/// (Bot API FAQ). A send waits for a token from its chat's bucket, then from the global one.
/// </summary>
public sealed class OutgoingRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<long> _limiter;

    public OutgoingRateLimiter(IOptions<TelegramOptions> options)
    {
        var perChat = Math.Max(0.001, options.Value.PerChatMessagesPerSecond);
        var global = Math.Max(1, options.Value.GlobalMessagesPerSecond);
        var chatLimiter = PartitionedRateLimiter.Create<long, long>(chatId => RateLimitPartition.GetTokenBucketLimiter(chatId, _ =>
            new TokenBucketRateLimiterOptions
            {
                // Rates above 1/s are expressed as several tokens per second so the period stays ≥ 1 ms.
                TokenLimit = (int)Math.Max(1, Math.Ceiling(perChat)),
                TokensPerPeriod = (int)Math.Max(1, Math.Ceiling(perChat)),
                ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(perChat)) / perChat),
                QueueLimit = 10_000,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
        var globalLimiter = PartitionedRateLimiter.Create<long, int>(_ => RateLimitPartition.GetTokenBucketLimiter(0, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = global,
                TokensPerPeriod = global,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 100_000,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
        _limiter = PartitionedRateLimiter.CreateChained(chatLimiter, globalLimiter);
    }

    /// <summary>Waits until one more message may go to <paramref name="chatId"/>.</summary>
    public async ValueTask AcquireAsync(long chatId, CancellationToken ct)
    {
        using var lease = await _limiter.AcquireAsync(chatId, 1, ct).ConfigureAwait(false);
        if (!lease.IsAcquired)
            throw new InvalidOperationException("Outgoing message queue is full.");
    }

    public void Dispose() => _limiter.Dispose();
}
