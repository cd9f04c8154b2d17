using System.Diagnostics.Metrics;
using TuneBot.Bot.State;
using TuneBot.Core.Storage;

namespace TuneBot.Bot.Telemetry;

/// <summary>
/// The bot's instruments on one <see cref="Meter"/> ("TuneBot.Bot"), exported through OpenTelemetry when an
/// OTLP endpoint is configured (README). Inbox depth and age are observed from the last value the inbox worker
/// read, so a collection never queries the database itself.
/// </summary>
public sealed class BotMetrics : IDisposable
{
    public const string MeterName = "TuneBot.Bot";

    private readonly Meter _meter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _latency;
    private readonly Counter<long> _telegramErrors;
    private volatile InboxDepth _depth = new(0, 0);

    public BotMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _received = _meter.CreateCounter<long>("tunebot.updates.received", "{update}", "Updates stored in the inbox (redeliveries not counted)");
        _handled = _meter.CreateCounter<long>("tunebot.updates.handled", "{update}", "Updates handled to completion");
        _failed = _meter.CreateCounter<long>("tunebot.updates.failed", "{update}", "Handling attempts that failed and were given back");
        _latency = _meter.CreateHistogram<double>("tunebot.reply.latency", "s", "From storing an update to finishing its replies, per flow");
        _telegramErrors = _meter.CreateCounter<long>("tunebot.telegram.errors", "{error}", "Bot API calls that failed, by error code");
        _meter.CreateObservableGauge("tunebot.inbox.depth", () => _depth.Unfinished, "{update}", "Updates stored and not yet done");
        _meter.CreateObservableGauge("tunebot.inbox.age", () => _depth.OldestAgeMs / 1000.0, "s", "Age of the oldest unfinished update");
    }

    public void Received(string mode) => _received.Add(1, new KeyValuePair<string, object?>("mode", mode));
    public void Handled(string flow, TimeSpan latency)
    {
        var tag = new KeyValuePair<string, object?>("flow", flow);
        _handled.Add(1, tag);
        _latency.Record(latency.TotalSeconds, tag);
    }
    public void Failed(string flow) => _failed.Add(1, new KeyValuePair<string, object?>("flow", flow));
    public void TelegramError(int code, string method) =>
        _telegramErrors.Add(1, new KeyValuePair<string, object?>("code", code), new KeyValuePair<string, object?>("method", method));
    public void Depth(InboxDepth depth) => _depth = depth;

    public void Dispose() => _meter.Dispose();
}
