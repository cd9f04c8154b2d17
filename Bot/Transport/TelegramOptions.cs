namespace TuneBot.Bot.Transport;

/// <summary>Configuration section "Telegram" (environment: <c>Telegram__Key</c>; the token also from <c>TUNEBOT_TOKEN</c>).</summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>Telegram's own Bot API server.</summary>
    public const string OfficialApiBaseUrl = "https://api.telegram.org";

    /// <summary>Bot token "123456:ABC…". Empty means console mode. Never logged.</summary>
    public string? Token { get; set; }
    /// <summary>polling (default) or webhook.</summary>
    public ReceiveMode Mode { get; set; } = ReceiveMode.Polling;
    /// <summary>Webhook mode: the public HTTPS URL Telegram posts to (the load balancer's), registered with setWebhook.</summary>
    public string? WebhookUrl { get; set; }
    /// <summary>Webhook mode: the local path the endpoint listens on (defaults to the path of <see cref="WebhookUrl"/>).</summary>
    public string? WebhookPath { get; set; }
    /// <summary>Webhook mode: setWebhook's max_connections, the most deliveries Telegram has open at once (1–100).</summary>
    public int WebhookMaxConnections { get; set; } = 40;
    /// <summary>Bot API server (tests, self-hosted servers): scheme, host and port only — Telegram.Bot drops any path.</summary>
    public string ApiBaseUrl { get; set; } = OfficialApiBaseUrl;
    /// <summary>getUpdates long-poll seconds (Telegram's recommended ceiling is 50); must stay below <see cref="RequestTimeoutSeconds"/>.</summary>
    public int PollTimeoutSeconds { get; set; } = 50;
    /// <summary>
    /// The HttpClient's timeout: the longest any one Bot API request may take, the long poll included (so it must
    /// exceed <see cref="PollTimeoutSeconds"/>), and the deadline of each file-download attempt.
    /// </summary>
    public int RequestTimeoutSeconds { get; set; } = 60;
    /// <summary>Retries after the first attempt for 429, 5xx and network faults.</summary>
    public int MaxRetries { get; set; } = 5;
    /// <summary>Base delay of the exponential backoff (doubles per attempt, with jitter), milliseconds.</summary>
    public int RetryBaseDelayMs { get; set; } = 1000;
    /// <summary>Back-off after a 409 conflict (another poller or a webhook), seconds.</summary>
    public int ConflictBackoffSeconds { get; set; } = 15;
    /// <summary>Largest file the bot downloads; Telegram's getFile limit is 20 MB.</summary>
    public long MaxDownloadBytes { get; set; } = 20L * 1024 * 1024;
    /// <summary>Handlers running at once; 0 means twice the processor count.</summary>
    public int MaxConcurrency { get; set; }
    /// <summary>Outgoing messages per second in one chat (Telegram: about 1).</summary>
    public double PerChatMessagesPerSecond { get; set; } = 1;
    /// <summary>Outgoing messages per second over all chats (Telegram: about 30).</summary>
    public int GlobalMessagesPerSecond { get; set; } = 30;
    /// <summary>Chat ids allowed to use /stats.</summary>
    public long[] AdminChatIds { get; set; } = [];

    /// <summary>The effective handler concurrency.</summary>
    public int EffectiveConcurrency => MaxConcurrency > 0 ? MaxConcurrency : 2 * Environment.ProcessorCount;

    /// <summary>The path the webhook endpoint is mapped at.</summary>
    public string EffectiveWebhookPath =>
        !string.IsNullOrWhiteSpace(WebhookPath) ? "/" + WebhookPath.Trim().TrimStart('/')
        : Uri.TryCreate(WebhookUrl, UriKind.Absolute, out var url) && url.AbsolutePath.Length > 1 ? url.AbsolutePath
        : "/telegram/webhook";

    /// <summary><see cref="ApiBaseUrl"/> reduced to scheme, host and port, as Telegram.Bot takes it.</summary>
    public string ServerUrl => new Uri(ApiBaseUrl, UriKind.Absolute).GetLeftPart(UriPartial.Authority);
}
