using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using TuneBot.Bot.Telegram.Exceptions;
using TuneBot.Bot.Telegram.Requests;
using TuneBot.Bot.Telegram.Types;

namespace TuneBot.Bot.Telegram;

/// <summary>
/// A small typed Bot API client over <see cref="HttpClient"/> and source-generated JSON. Every call goes
/// through one Polly retry pipeline: 429 waits <c>retry_after</c>; 5xx and network faults back off
/// exponentially with jitter; everything else (400, 403, 409…) surfaces at once as a
/// <see cref="TelegramApiException"/>. The token lives only in request paths and is redacted from every log
/// line and exception message.
/// </summary>
public sealed class TelegramBotClient
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client (registered without its URL-logging handlers).</summary>
    public const string HttpClientName = "telegram";

    private readonly IHttpClientFactory _httpFactory;
    private readonly TelegramOptions _options;
    private readonly ILogger<TelegramBotClient> _logger;
    private readonly string _token;
    private readonly string _baseUrl;
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Scrubs the token from text; shared with the poller's logging.</summary>
    public TokenRedactor Redactor { get; }

    public TelegramBotClient(IHttpClientFactory httpFactory, IOptions<TelegramOptions> options, ILogger<TelegramBotClient> logger)
    {
        _httpFactory = httpFactory;
        _options = options.Value;
        _logger = logger;
        _token = string.IsNullOrWhiteSpace(_options.Token)
            ? throw new InvalidOperationException("No Telegram token configured (TUNEBOT_TOKEN or Telegram:Token).")
            : _options.Token.Trim();
        Redactor = new TokenRedactor(_token);
        // Absolute URLs: a relative "bot123:ABC/method" would parse as a URI with the scheme "bot123".
        _baseUrl = _options.ApiBaseUrl.TrimEnd('/') + "/";
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<TelegramApiException>(e => e.IsTransient)
                    .Handle<TelegramNetworkException>(),
                MaxRetryAttempts = Math.Max(0, _options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(Math.Max(1, _options.RetryBaseDelayMs)),
                MaxDelay = TimeSpan.FromMinutes(5),
                // Flood control names its own wait; honour it exactly instead of guessing with backoff.
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Exception is TelegramApiException { ErrorCode: 429, RetryAfter: { } wait } ? wait : null),
                OnRetry = args =>
                {
                    _logger.LogWarning("Telegram call failed ({Cause}); retry {Attempt} in {Delay} ms",
                        Redactor.Redact(args.Outcome.Exception?.Message), args.AttemptNumber + 1,
                        (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();
    }

    // ---- Getting updates -------------------------------------------------------------------------------

    /// <summary>getMe: the bot's own user.</summary>
    public Task<User> GetMeAsync(CancellationToken ct = default) =>
        PostJsonAsync("getMe", new object(), null, TelegramJsonContext.Default.ApiResponseUser, RequestTimeout, ct);

    /// <summary>getUpdates with long polling. The HTTP timeout is the poll timeout plus 15 s so the server answers first.</summary>
    /// <param name="offset">First update id wanted; confirms all below it.</param>
    /// <param name="timeoutSeconds">Long-poll seconds; null uses <see cref="TelegramOptions.PollTimeoutSeconds"/>.</param>
    public Task<Update[]> GetUpdatesAsync(long? offset, int? timeoutSeconds = null, int limit = 100, CancellationToken ct = default)
    {
        var timeout = timeoutSeconds ?? _options.PollTimeoutSeconds;
        var request = new GetUpdatesRequest { Offset = offset, Limit = limit, Timeout = timeout, AllowedUpdates = ["message", "callback_query"] };
        return PostJsonAsync("getUpdates", request, TelegramJsonContext.Default.GetUpdatesRequest,
            TelegramJsonContext.Default.ApiResponseUpdateArray, TimeSpan.FromSeconds(timeout + 15), ct);
    }

    /// <summary>deleteWebhook, keeping pending updates.</summary>
    public Task<bool> DeleteWebhookAsync(bool dropPendingUpdates = false, CancellationToken ct = default) =>
        PostJsonAsync("deleteWebhook", new DeleteWebhookRequest { DropPendingUpdates = dropPendingUpdates },
            TelegramJsonContext.Default.DeleteWebhookRequest, TelegramJsonContext.Default.ApiResponseBoolean, RequestTimeout, ct);

    /// <summary>setMyCommands for one language (null = default list).</summary>
    public Task<bool> SetMyCommandsAsync(IEnumerable<BotCommand> commands, string? languageCode = null, CancellationToken ct = default) =>
        PostJsonAsync("setMyCommands", new SetMyCommandsRequest { Commands = commands.ToArray(), LanguageCode = languageCode },
            TelegramJsonContext.Default.SetMyCommandsRequest, TelegramJsonContext.Default.ApiResponseBoolean, RequestTimeout, ct);

    // ---- Sending and updating messages -----------------------------------------------------------------

    /// <summary>sendMessage in HTML parse mode (callers escape user text with <c>PlaylistFormatter.Html</c>).</summary>
    public Task<Message> SendMessageAsync(long chatId, string html, InlineKeyboardMarkup? keyboard = null, CancellationToken ct = default) =>
        PostJsonAsync("sendMessage", new SendMessageRequest { ChatId = chatId, Text = html, ParseMode = "HTML", ReplyMarkup = keyboard },
            TelegramJsonContext.Default.SendMessageRequest, TelegramJsonContext.Default.ApiResponseMessage, RequestTimeout, ct);

    /// <summary>editMessageText in HTML parse mode.</summary>
    public async Task EditMessageTextAsync(long chatId, long messageId, string html, InlineKeyboardMarkup? keyboard = null, CancellationToken ct = default) =>
        await PostJsonAsync("editMessageText",
            new EditMessageTextRequest { ChatId = chatId, MessageId = messageId, Text = html, ParseMode = "HTML", ReplyMarkup = keyboard },
            TelegramJsonContext.Default.EditMessageTextRequest, TelegramJsonContext.Default.ApiResponseJsonElement, RequestTimeout, ct);

    /// <summary>sendChatAction, e.g. "typing".</summary>
    public Task<bool> SendChatActionAsync(long chatId, string action, CancellationToken ct = default) =>
        PostJsonAsync("sendChatAction", new SendChatActionRequest { ChatId = chatId, Action = action },
            TelegramJsonContext.Default.SendChatActionRequest, TelegramJsonContext.Default.ApiResponseBoolean, RequestTimeout, ct);

    /// <summary>answerCallbackQuery, optionally with a short notification text.</summary>
    public Task<bool> AnswerCallbackQueryAsync(string callbackQueryId, string? text = null, CancellationToken ct = default) =>
        PostJsonAsync("answerCallbackQuery", new AnswerCallbackQueryRequest { CallbackQueryId = callbackQueryId, Text = text },
            TelegramJsonContext.Default.AnswerCallbackQueryRequest, TelegramJsonContext.Default.ApiResponseBoolean, RequestTimeout, ct);

    /// <summary>sendPhoto as a multipart upload (≤ 10 MB).</summary>
    public Task<Message> SendPhotoAsync(long chatId, InputFile photo, string? captionHtml = null, InlineKeyboardMarkup? keyboard = null, CancellationToken ct = default) =>
        PostMultipartAsync("sendPhoto", () =>
        {
            var form = NewForm(chatId, captionHtml, keyboard);
            form.Add(FileContent(photo), "photo", photo.FileName);
            return form;
        }, ct);

    /// <summary>sendAudio as a multipart upload (MP3/M4A ≤ 50 MB) with title, performer and duration.</summary>
    public Task<Message> SendAudioAsync(long chatId, AudioUpload audio, InlineKeyboardMarkup? keyboard = null, CancellationToken ct = default) =>
        PostMultipartAsync("sendAudio", () =>
        {
            var form = NewForm(chatId, audio.Caption, keyboard);
            form.Add(FileContent(audio.File), "audio", audio.File.FileName);
            if (audio.Title is { } t) form.Add(new StringContent(t), "title");
            if (audio.Performer is { } p) form.Add(new StringContent(p), "performer");
            if (audio.DurationSeconds is { } d) form.Add(new StringContent(d.ToString(System.Globalization.CultureInfo.InvariantCulture)), "duration");
            return form;
        }, ct);

    // ---- Files -----------------------------------------------------------------------------------------

    /// <summary>getFile: resolves a file id to a downloadable path.</summary>
    public Task<TelegramFile> GetFileAsync(string fileId, CancellationToken ct = default) =>
        PostJsonAsync("getFile", new GetFileRequest { FileId = fileId }, TelegramJsonContext.Default.GetFileRequest,
            TelegramJsonContext.Default.ApiResponseTelegramFile, RequestTimeout, ct);

    /// <summary>
    /// Resolves and downloads a file into <paramref name="destination"/>, refusing (before any byte is fetched)
    /// a file whose announced size exceeds <paramref name="maxBytes"/>, and stopping if the stream runs past it.
    /// </summary>
    /// <param name="knownSize">file_size from the message, if any; checked before even calling getFile.</param>
    /// <param name="maxBytes">Size cap in bytes; null uses <see cref="TelegramOptions.MaxDownloadBytes"/>.</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="FileTooLargeException">The file is (or turned out to be) larger than the cap.</exception>
    public async Task<long> DownloadFileAsync(string fileId, Stream destination, long? knownSize = null, long? maxBytes = null, CancellationToken ct = default)
    {
        var cap = maxBytes ?? _options.MaxDownloadBytes;
        if (knownSize > cap) throw new FileTooLargeException(cap, knownSize);
        var file = await GetFileAsync(fileId, ct).ConfigureAwait(false);
        if (file.FileSize > cap) throw new FileTooLargeException(cap, file.FileSize);
        if (string.IsNullOrEmpty(file.FilePath))
            throw new TelegramApiException("getFile", 400, "file_path missing (file too big or expired)", null);
        var start = destination.CanSeek ? destination.Position : 0;
        return await _pipeline.ExecuteAsync(async token =>
        {
            if (destination.CanSeek) { destination.Position = start; destination.SetLength(start); }
            return await DownloadOnceAsync(file.FilePath, destination, cap, token).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
    }

    private async Task<long> DownloadOnceAsync(string filePath, Stream destination, long cap, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(Math.Max(60, _options.RequestTimeoutSeconds * 4)));
        var http = _httpFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await http.GetAsync($"{_baseUrl}file/bot{_token}/{filePath}", HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw new TelegramApiException("file download", (int)response.StatusCode, response.ReasonPhrase ?? "download failed", null);
            if (response.Content.Headers.ContentLength > cap)
                throw new FileTooLargeException(cap, response.Content.Headers.ContentLength);
            await using var source = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cts.Token).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > cap) throw new FileTooLargeException(cap, null);
                await destination.WriteAsync(buffer.AsMemory(0, read), cts.Token).ConfigureAwait(false);
            }
            return total;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TelegramNetworkException("file download", "timed out");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new TelegramNetworkException("file download", Describe(ex));
        }
    }

    // ---- Transport -------------------------------------------------------------------------------------

    private TimeSpan RequestTimeout => TimeSpan.FromSeconds(Math.Max(1, _options.RequestTimeoutSeconds));

    private Task<T> PostJsonAsync<TRequest, T>(string method, TRequest request, JsonTypeInfo<TRequest>? requestInfo,
        JsonTypeInfo<ApiResponse<T>> responseInfo, TimeSpan timeout, CancellationToken ct) =>
        ExecuteAsync(method, () => requestInfo is null
            ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json")
            : JsonContentOf(request, requestInfo), responseInfo, timeout, ct);

    private Task<Message> PostMultipartAsync(string method, Func<HttpContent> content, CancellationToken ct) =>
        ExecuteAsync(method, content, TelegramJsonContext.Default.ApiResponseMessage,
            TimeSpan.FromSeconds(Math.Max(60, _options.RequestTimeoutSeconds * 4)), ct);

    private async Task<T> ExecuteAsync<T>(string method, Func<HttpContent> content, JsonTypeInfo<ApiResponse<T>> responseInfo,
        TimeSpan timeout, CancellationToken ct) =>
        await _pipeline.ExecuteAsync(token => new ValueTask<T>(SendOnceAsync(method, content, responseInfo, timeout, token)), ct)
            .ConfigureAwait(false);

    private async Task<T> SendOnceAsync<T>(string method, Func<HttpContent> content, JsonTypeInfo<ApiResponse<T>> responseInfo,
        TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        var http = _httpFactory.CreateClient(HttpClientName);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{_baseUrl}bot{_token}/{method}") { Content = content() };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token).ConfigureAwait(false);
            ApiResponse<T>? body = null;
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(cts.Token).ConfigureAwait(false);
                body = await JsonSerializer.DeserializeAsync(stream, responseInfo, cts.Token).ConfigureAwait(false);
            }
            catch (JsonException)
            {
                // A proxy's HTML error page or a truncated body: fall back to the HTTP status below.
            }
            _logger.LogDebug("Telegram {Method} answered {Status} in {Elapsed:F0} ms", method, (int)response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (body is { Ok: true })
                return body.Result!;
            if (body is null && response.IsSuccessStatusCode)
                throw new TelegramNetworkException(method, "unreadable response body");
            var code = body?.ErrorCode ?? (int)response.StatusCode;
            var description = Redactor.Redact(body?.Description ?? response.ReasonPhrase ?? "error");
            var retryAfter = body?.Parameters?.RetryAfter is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
            throw new TelegramApiException(method, code, description, retryAfter);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TelegramNetworkException(method, $"no answer within {timeout.TotalSeconds:F0} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new TelegramNetworkException(method, Describe(ex));
        }
    }

    private string Describe(Exception ex)
    {
        var parts = new List<string>();
        for (var e = ex; e is not null; e = e.InnerException)
            parts.Add($"{e.GetType().Name}: {e.Message}");
        return Redactor.Redact(string.Join(" → ", parts));
    }

    private static HttpContent JsonContentOf<TRequest>(TRequest request, JsonTypeInfo<TRequest> info)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, info));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static MultipartFormDataContent NewForm(long chatId, string? captionHtml, InlineKeyboardMarkup? keyboard)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(chatId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "chat_id" },
        };
        if (captionHtml is not null)
        {
            form.Add(new StringContent(captionHtml), "caption");
            form.Add(new StringContent("HTML"), "parse_mode");
        }
        if (keyboard is not null)
            form.Add(new StringContent(JsonSerializer.Serialize(keyboard, TelegramJsonContext.Default.InlineKeyboardMarkup)), "reply_markup");
        return form;
    }

    private static HttpContent FileContent(InputFile file)
    {
        var content = new ReadOnlyMemoryContent(file.Content);
        content.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
        return content;
    }
}
