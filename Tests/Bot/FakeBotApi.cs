using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace TuneBot.Tests.Bot;

/// <summary>A call the fake server answered successfully.</summary>
/// <param name="Method">Bot API method, or "download" for a file download.</param>
/// <param name="Fields">Request parameters: JSON members (strings unquoted, others as raw JSON) or multipart fields.</param>
/// <param name="FileBytes">Multipart file fields and their lengths.</param>
public sealed record RecordedCall(string Method, IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, long> FileBytes, DateTime At,
    IReadOnlyDictionary<string, byte[]>? FileContents = null)
{
    public string Field(string name) => Fields.TryGetValue(name, out var v) ? v : "";
    public long ChatId => long.Parse(Field("chat_id"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The inline keyboard's buttons, row by row flattened: (text, callback_data).</summary>
    public (string Text, string Data)[] Buttons()
    {
        var markup = Field("reply_markup");
        if (markup.Length == 0) return [];
        using var doc = JsonDocument.Parse(markup);
        return doc.RootElement.GetProperty("inline_keyboard").EnumerateArray()
            .SelectMany(row => row.EnumerateArray())
            .Select(b => (b.GetProperty("text").GetString()!, b.GetProperty("callback_data").GetString()!))
            .ToArray();
    }
}

/// <summary>What the fake server does with one incoming request.</summary>
public abstract record Fault
{
    /// <summary>Abort the connection without answering (nothing is processed or recorded).</summary>
    public sealed record Drop : Fault;
    /// <summary>Answer <c>{ok:false, error_code, description, parameters.retry_after}</c> (nothing is processed or recorded).</summary>
    public sealed record Error(int Code, string Description, int? RetryAfter = null) : Fault;
    /// <summary>Answer an HTML error page with this status, as a proxy in front of the Bot API does (nothing is processed or recorded).</summary>
    public sealed record HtmlPage(int Code) : Fault;
    /// <summary>Say nothing for this long, then drop the connection (nothing is processed or recorded).</summary>
    public sealed record Stall(TimeSpan For) : Fault;
}

/// <summary>
/// A fake Telegram Bot API on loopback (Kestrel on 127.0.0.1, a free port): scripted getUpdates queues with
/// offset confirmation and long polling, webhook deliveries to bot instances (<see cref="DeliverAsync"/>), getFile and file downloads, every other method answered like
/// Telegram does, each successful call recorded. Faults are injected per request by <see cref="FaultFor"/>.
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    /// <summary>A fake token; the "TEST-SECRET" part must never show up in logs.</summary>
    public const string Token = "123456:TEST-SECRET-abcdefghijk";
    public const string SecretPart = "TEST-SECRET";

    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly List<(long Id, string Json)> _queue = [];
    private readonly ConcurrentDictionary<string, (byte[] Bytes, long? ReportedSize)> _files = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextUpdateId = 1000;
    private long _nextMessageId = 1;
    private long _confirmedOffset;

    public ConcurrentQueue<RecordedCall> Calls { get; } = new();
    /// <summary>Requests that got an injected fault.</summary>
    public int FaultsInjected => _faults;
    private int _faults;
    /// <summary>Per-request fault decision: (method, request number of that method starting at 1) → fault or null.</summary>
    public Func<string, int, Fault?>? FaultFor { get; set; }
    /// <summary>Delay before answering send* methods, to keep work in flight longer.</summary>
    public TimeSpan SendDelay { get; set; }
    /// <summary>Awaited before answering a request: (method, request number of that method) → when to answer. Lets a test hold replies until the bot is in a given state.</summary>
    public Func<string, int, Task>? HoldAnswer { get; set; }
    private readonly ConcurrentDictionary<string, int> _requestCounts = new();

    public string BaseUrl { get; private set; } = "";

    private FakeBotApi(WebApplication app) => _app = app;

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 100 * 1024 * 1024);
        var app = builder.Build();
        var api = new FakeBotApi(app);
        app.Map("/bot{token}/{method}", api.HandleMethodAsync);
        app.MapGet("/file/bot{token}/{**path}", api.HandleDownloadAsync);
        await app.StartAsync();
        api.BaseUrl = app.Urls.First();
        return api;
    }

    /// <summary>Queues an update (its id assigned in order) for getUpdates.</summary>
    public Update Enqueue(Func<int, Update> make)
    {
        lock (_lock)
        {
            var update = make(_nextUpdateId++);
            Add(update.Id, JsonSerializer.Serialize(update, JsonBotAPI.Options));
            return update;
        }
    }

    /// <summary>Queues an update as raw JSON made from its id, e.g. one Telegram.Bot cannot read; returns the id.</summary>
    public int EnqueueRaw(Func<int, string> makeJson)
    {
        lock (_lock)
        {
            var id = _nextUpdateId++;
            Add(id, makeJson(id));
            return id;
        }
    }

    private void Add(long id, string json)
    {
        _queue.Add((id, json));
        _arrived.TrySetResult();
        _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The secret_token of the latest setWebhook, which Telegram sends with each delivery.</summary>
    public string? WebhookSecret => CallsOf("setWebhook").LastOrDefault()?.Field("secret_token");

    private readonly HttpClient _webhookClient = new() { Timeout = TimeSpan.FromSeconds(30) };
    private int _nextTarget;

    /// <summary>
    /// Delivers an update as Telegram's webhook does (POST of its JSON with the secret header), round-robin over
    /// <paramref name="targets"/> as a load balancer would: a target that refuses the connection or answers 5xx is
    /// skipped for the next one. Returns the status of the answer that ended the delivery (0: no target answered).
    /// </summary>
    public async Task<int> DeliverAsync(Update update, IReadOnlyList<string> targets, string? secret = null)
    {
        var json = JsonSerializer.Serialize(update, JsonBotAPI.Options);
        var start = Interlocked.Increment(ref _nextTarget);
        for (var i = 0; i < targets.Count; i++)
        {
            var target = targets[(int)((uint)(start + i) % (uint)targets.Count)];
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret ?? WebhookSecret ?? "");
            try
            {
                using var response = await _webhookClient.SendAsync(request);
                if ((int)response.StatusCode < 500) return (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                // That instance is down: the balancer tries the next one.
            }
        }
        return 0;
    }

    /// <summary>Registers a downloadable file; <paramref name="reportedSize"/> is what getFile says (null: omitted).</summary>
    public void AddFile(string fileId, byte[] bytes, long? reportedSize) => _files[fileId] = (bytes, reportedSize);

    /// <summary>Highest offset a getUpdates call has confirmed.</summary>
    public long ConfirmedOffset { get { lock (_lock) return _confirmedOffset; } }

    public RecordedCall[] CallsOf(string method) => Calls.Where(c => c.Method == method).ToArray();

    private async Task HandleMethodAsync(HttpContext context, string token, string method)
    {
        if (token != Token)
        {
            await WriteAsync(context, 401, """{"ok":false,"error_code":401,"description":"Unauthorized"}""");
            return;
        }
        var n = _requestCounts.AddOrUpdate(method, 1, (_, c) => c + 1);
        if (FaultFor?.Invoke(method, n) is { } fault)
        {
            Interlocked.Increment(ref _faults);
            switch (fault)
            {
                case Fault.Drop:
                    context.Abort();
                    return;
                case Fault.Stall stall:
                    try { await Task.Delay(stall.For, context.RequestAborted); } catch (OperationCanceledException) { }
                    context.Abort();
                    return;
                case Fault.HtmlPage page:
                    context.Response.StatusCode = page.Code;
                    context.Response.ContentType = "text/html";
                    await context.Response.WriteAsync($"<html><body><h1>{page.Code}</h1>nginx, serving {context.Request.Path}</body></html>");
                    return;
            }
            var error = (Fault.Error)fault;
            // Telegram's descriptions never quote the URL, but a proxy's might; the client must redact it.
            var description = error.Description + " at " + context.Request.Path;
            var parameters = error.RetryAfter is { } ra ? $",\"parameters\":{{\"retry_after\":{ra}}}" : "";
            await WriteAsync(context, error.Code, $"{{\"ok\":false,\"error_code\":{error.Code},\"description\":{JsonSerializer.Serialize(description)}{parameters}}}");
            return;
        }

        var (fields, files, contents) = await ReadParametersAsync(context.Request);
        if (method.StartsWith("send", StringComparison.Ordinal) && method != "sendChatAction" && SendDelay > TimeSpan.Zero)
            await Task.Delay(SendDelay);
        if (HoldAnswer?.Invoke(method, n) is { } hold)
        {
            await hold;
            // The caller went away (a bot instance killed) before Telegram answered: the request never completed,
            // so nothing is sent or recorded, and whoever resumes the update sends it.
            await Task.Delay(50);
            if (context.RequestAborted.IsCancellationRequested) return;
        }

        string result;
        switch (method)
        {
            case "getUpdates":
                result = await GetUpdatesAsync(fields, context.RequestAborted);
                break;
            case "getMe":
                result = """{"id":123456,"is_bot":true,"first_name":"TuneBot","username":"tunebot_test_bot"}""";
                break;
            case "getFile":
                var fileId = fields.GetValueOrDefault("file_id", "");
                if (!_files.TryGetValue(fileId, out var file))
                {
                    await WriteAsync(context, 400, """{"ok":false,"error_code":400,"description":"Bad Request: invalid file_id"}""");
                    return;
                }
                var size = file.ReportedSize is { } s ? $",\"file_size\":{s}" : "";
                result = $"{{\"file_id\":{JsonSerializer.Serialize(fileId)},\"file_unique_id\":\"u{fileId}\"{size},\"file_path\":\"voice/{fileId}.oga\"}}";
                break;
            case "sendMessage" or "editMessageText" or "sendPhoto" or "sendAudio":
                var chatId = fields.GetValueOrDefault("chat_id", "0");
                result = $"{{\"message_id\":{Interlocked.Increment(ref _nextMessageId)},\"date\":0,\"chat\":{{\"id\":{chatId},\"type\":\"private\"}}}}";
                break;
            default: // deleteWebhook, setMyCommands, sendChatAction, answerCallbackQuery
                result = "true";
                break;
        }
        Calls.Enqueue(new RecordedCall(method, fields, files, DateTime.UtcNow, contents));
        await WriteAsync(context, 200, $"{{\"ok\":true,\"result\":{result}}}");
    }

    private async Task<string> GetUpdatesAsync(Dictionary<string, string> fields, CancellationToken aborted)
    {
        long? offset = fields.TryGetValue("offset", out var o) ? long.Parse(o, System.Globalization.CultureInfo.InvariantCulture) : null;
        var timeout = fields.TryGetValue("timeout", out var t) ? int.Parse(t, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var limit = fields.TryGetValue("limit", out var l) ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 100;
        var deadline = DateTime.UtcNow.AddSeconds(timeout);
        while (true)
        {
            Task arrived;
            (long Id, string Json)[] batch;
            lock (_lock)
            {
                if (offset is { } off)
                {
                    // Telegram forgets every update below a confirmed offset.
                    _queue.RemoveAll(u => u.Id < off);
                    _confirmedOffset = Math.Max(_confirmedOffset, off);
                }
                batch = _queue.Take(limit).ToArray();
                arrived = _arrived.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (batch.Length > 0 || left <= TimeSpan.Zero)
                return "[" + string.Join(",", batch.Select(u => u.Json)) + "]";
            try { await Task.WhenAny(arrived, Task.Delay(left, aborted)); }
            catch (OperationCanceledException) { return "[]"; }
            if (aborted.IsCancellationRequested) return "[]";
        }
    }

    private async Task HandleDownloadAsync(HttpContext context, string token, string path)
    {
        var fileId = Path.GetFileNameWithoutExtension(path);
        if (token != Token || !_files.TryGetValue(fileId, out var file))
        {
            context.Response.StatusCode = 404;
            return;
        }
        var n = _requestCounts.AddOrUpdate("download", 1, (_, c) => c + 1);
        switch (FaultFor?.Invoke("download", n))
        {
            case Fault.Drop:
                Interlocked.Increment(ref _faults);
                context.Abort();
                return;
            case Fault.Error error:
                // The file server answers a bare status (e.g. 404 for a file it no longer has).
                Interlocked.Increment(ref _faults);
                context.Response.StatusCode = error.Code;
                return;
        }
        Calls.Enqueue(new RecordedCall("download", new Dictionary<string, string> { ["file_id"] = fileId }, new Dictionary<string, long>(), DateTime.UtcNow));
        context.Response.ContentType = "application/octet-stream";
        // No Content-Length when getFile hid the size, so only the streaming cap can catch an oversized file.
        if (file.ReportedSize is not null) context.Response.ContentLength = file.Bytes.Length;
        try
        {
            for (var i = 0; i < file.Bytes.Length; i += 65536)
                await context.Response.Body.WriteAsync(file.Bytes.AsMemory(i, Math.Min(65536, file.Bytes.Length - i)), context.RequestAborted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            // The client stopped reading (size cap): fine.
        }
    }

    private static async Task<(Dictionary<string, string>, Dictionary<string, long>, Dictionary<string, byte[]>)> ReadParametersAsync(HttpRequest request)
    {
        var fields = new Dictionary<string, string>();
        var files = new Dictionary<string, long>();
        var contents = new Dictionary<string, byte[]>();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form) fields[key] = value.ToString();
            // Like Telegram, a field "photo=attach://0" names the file part "0" as the photo (Telegram.Bot uploads so).
            var attachedAs = fields.Where(kv => kv.Value.StartsWith("attach://", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Value["attach://".Length..], kv => kv.Key);
            foreach (var f in form.Files)
            {
                var name = attachedAs.GetValueOrDefault(f.Name, f.Name);
                files[name] = f.Length;
                using var copy = new MemoryStream();
                await f.CopyToAsync(copy);
                contents[name] = copy.ToArray();
            }
            return (fields, files, contents);
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        if (string.IsNullOrWhiteSpace(body)) return (fields, files, contents);
        using var doc = JsonDocument.Parse(body);
        foreach (var p in doc.RootElement.EnumerateObject())
            fields[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : JsonSerializer.Serialize(p.Value, Relaxed);
        return (fields, files, contents);
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        _webhookClient.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
