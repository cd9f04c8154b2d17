namespace TuneBot.Bot.Inbox;

/// <summary>Configuration section "Inbox": how instances share the updates stored in the catalog database.</summary>
public sealed class InboxOptions
{
    public const string Section = "Inbox";

    /// <summary>How long a claim holds an update; renewed every third of it while the update is handled, so only a crashed holder's lease runs out.</summary>
    public double LeaseSeconds { get; set; } = 30;
    /// <summary>How often an idle instance looks for updates another instance stored (its own wake it at once).</summary>
    public int PollIntervalMs { get; set; } = 200;
    /// <summary>Delay before an update whose bookkeeping failed (database fault) is claimable again.</summary>
    public double RetryDelaySeconds { get; set; } = 2;
    /// <summary>Claims of one update before it is given up (logged and marked done), so a poison update cannot block its chat.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long an update whose reply Telegram could not take (outage, 5xx, flood control) keeps being retried, counted from its arrival.</summary>
    public double DeliveryRetryHours { get; set; } = 24;
    /// <summary>Longest wait between two delivery retries of one update (the wait grows with the update's age from RetryDelaySeconds up to this).</summary>
    public double DeliveryRetryMaxDelaySeconds { get; set; } = 300;

    /// <summary>
    /// How long the exactly-once record of a finished update (its handled_updates row and its sent_replies rows: ids,
    /// chat id, times — no text) is kept, counted from its arrival; then the inbox worker deletes it. It must outlast
    /// Telegram's redelivery of an update (24 h), or a redelivered update would be answered twice.
    /// </summary>
    public double DoneRetentionHours { get; set; } = 48;
    /// <summary>How often each instance deletes the records older than DoneRetentionHours.</summary>
    public double PruneIntervalSeconds { get; set; } = 3600;

    public TimeSpan DoneRetention => TimeSpan.FromHours(Math.Max(0, DoneRetentionHours));

    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(1, LeaseSeconds));
}
