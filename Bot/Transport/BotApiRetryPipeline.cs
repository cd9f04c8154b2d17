using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace TuneBot.Bot.Transport;

/// <summary>
/// The one place that decides retries of Bot API calls (Telegram.Bot's own 429 retry is off: RetryThreshold 0).
/// 429 waits exactly <c>retry_after</c>; 5xx and network faults (refused, dropped, timed out) back off
/// exponentially with jitter; 400, 403, 409 and every other 4xx surface at once. No HttpClient-level resilience
/// handler: it would re-send a POST on its own, outside the bookkeeping that keeps replies exactly-once.
/// </summary>
public static class BotApiRetryPipeline
{
    /// <summary>The Bot API method of the call in flight, for the retry log.</summary>
    public static readonly ResiliencePropertyKey<string> MethodKey = new("tunebot.telegram.method");

    /// <summary>A pipeline for <paramref name="options"/>; retry log lines pass through <paramref name="redactor"/>.</summary>
    public static ResiliencePipeline Create(TelegramOptions options, TokenRedactor redactor, ILogger logger)
    {
        if (options.MaxRetries <= 0) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(BotApiFaults.IsTransient),
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(Math.Max(1, options.RetryBaseDelayMs)),
                MaxDelay = TimeSpan.FromMinutes(5),
                // Flood control names its own wait; honour it instead of guessing with backoff.
                DelayGenerator = args => new ValueTask<TimeSpan?>(BotApiFaults.RetryAfter(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    var method = args.Context.Properties.GetValue(MethodKey, "request");
                    logger.LogWarning("Telegram {Method} failed ({Cause}); retry {Attempt} in {Delay} ms", method,
                        redactor.Redact(BotApiFaults.Describe(args.Outcome.Exception)), args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();
    }
}
