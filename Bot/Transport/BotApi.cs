using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Telemetry;

namespace TuneBot.Bot.Transport;

/// <summary>
/// TuneBot's door to the Bot API: Telegram.Bot's client (its own 429 retry switched off) behind
/// <see cref="BotApiRetryPipeline"/>. A call is a lambda over the library's methods, so every retry builds a fresh
/// request (an upload's stream is used up by the first attempt). What leaves is the library's
/// <see cref="ApiRequestException"/> or <see cref="RequestException"/>, rebuilt with the token redacted from the
/// message and without inner exceptions, whose text the library does not control.
/// </summary>
public sealed class BotApi
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client (registered without its URL-logging handlers).</summary>
    public const string HttpClientName = "telegram";

    private readonly ITelegramBotClient _bot;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeSpan _downloadDeadline;
    private readonly BotMetrics _metrics;

    /// <summary>Scrubs the token from text; shared with the poller's logging.</summary>
    public TokenRedactor Redactor { get; }

    public BotApi(ITelegramBotClient bot, IOptions<TelegramOptions> options, BotMetrics metrics, ILogger<BotApi> logger)
    {
        _bot = bot;
        _metrics = metrics;
        Redactor = new TokenRedactor(options.Value.Token);
        _pipeline = BotApiRetryPipeline.Create(options.Value, Redactor, logger);
        _downloadDeadline = TimeSpan.FromSeconds(Math.Max(1, options.Value.RequestTimeoutSeconds));
    }

    /// <summary>Runs <paramref name="call"/> (one Bot API request) under the retry policy.</summary>
    /// <param name="method">The Bot API method, e.g. "sendMessage", for log lines.</param>
    public async Task<T> CallAsync<T>(string method, Func<ITelegramBotClient, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var context = ResilienceContextPool.Shared.Get(ct);
        context.Properties.Set(BotApiRetryPipeline.MethodKey, method);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (ctx, state) => await state.call(state.bot, ctx.CancellationToken).ConfigureAwait(false),
                context, (bot: _bot, call)).ConfigureAwait(false);
        }
        catch (RequestException ex)
        {
            // After the retries: one failed call counted once, network faults (no Bot API code) as 0.
            _metrics.TelegramError(ex is ApiRequestException api ? api.ErrorCode : 0, method);
            throw Redacted(ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <inheritdoc cref="CallAsync{T}"/>
    public Task CallAsync(string method, Func<ITelegramBotClient, CancellationToken, Task> call, CancellationToken ct) =>
        CallAsync(method, async (bot, c) =>
        {
            await call(bot, c).ConfigureAwait(false);
            return true;
        }, ct);

    /// <summary>
    /// Downloads <c>{base}/file/bot&lt;token&gt;/{filePath}</c> into <paramref name="destination"/>, stopping with
    /// <see cref="FileTooLargeException"/> past <paramref name="capBytes"/>. A dropped download is retried from the
    /// start (the destination must be seekable to be rewound); each attempt has the request timeout as its deadline,
    /// since the HttpClient's own timeout stops at the response headers.
    /// </summary>
    public Task DownloadAsync(string filePath, Stream destination, long capBytes, CancellationToken ct)
    {
        var start = destination.CanSeek ? destination.Position : 0;
        return CallAsync("file download", async (bot, attemptToken) =>
        {
            if (destination.CanSeek)
            {
                destination.Position = start;
                destination.SetLength(start);
            }
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(attemptToken);
            deadline.CancelAfter(_downloadDeadline);
            try
            {
                await bot.DownloadFile(filePath, new SizeCappedStream(destination, capBytes), deadline.Token).ConfigureAwait(false);
            }
            catch (RequestException ex) when (ex.InnerException is FileTooLargeException tooLarge)
            {
                // The library wraps what the capped stream threw; the handler wants the cap itself.
                ExceptionDispatchInfo.Throw(tooLarge);
            }
            catch (Exception ex) when (ex is OperationCanceledException or RequestException && attemptToken.IsCancellationRequested)
            {
                attemptToken.ThrowIfCancellationRequested();
            }
            catch (Exception ex) when (ex is OperationCanceledException or RequestException && deadline.IsCancellationRequested)
            {
                // Our deadline, not the caller's cancellation: a network fault the retry policy may repeat.
                throw new RequestException($"File download timed out after {_downloadDeadline.TotalSeconds:F0} s");
            }
        }, ct);
    }

    private RequestException Redacted(RequestException exception) => exception switch
    {
        ApiRequestException api => new ApiRequestException(Redactor.Redact(api.Message), api.ErrorCode, api.Parameters),
        { HttpStatusCode: { } status } => new RequestException(Redactor.Redact(BotApiFaults.Describe(exception)), status),
        _ => new RequestException(Redactor.Redact(BotApiFaults.Describe(exception))),
    };
}
