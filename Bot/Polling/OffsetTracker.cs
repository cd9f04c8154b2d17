namespace TuneBot.Bot.Polling;

/// <summary>
/// Which received updates are finished, and so which getUpdates offset may be confirmed: the lowest update id
/// not yet done (everything below it is done), or the highest seen + 1 when nothing is outstanding. Holding the
/// offset back means Telegram redelivers unfinished updates after a crash; the tracker also filters those
/// redeliveries while they are still in flight or already done in this process.
/// </summary>
public sealed class OffsetTracker(long? initialOffset)
{
    private readonly object _lock = new();
    private readonly SortedSet<long> _unfinished = [];
    private readonly HashSet<long> _inFlight = [];
    private readonly HashSet<long> _finished = [];
    private long? _next = initialOffset;
    private TaskCompletionSource _progress = NewSignal();

    /// <summary>The offset to confirm: every update below it is done.</summary>
    public long? Offset
    {
        get
        {
            lock (_lock)
            {
                var offset = _unfinished.Count > 0 ? _unfinished.Min : _next;
                // Ids below a confirmed offset are never delivered again; forget them.
                if (offset is { } o) _finished.RemoveWhere(id => id < o);
                return offset;
            }
        }
    }

    /// <summary>Number of accepted updates not yet finished (in flight or released for retry).</summary>
    public int Outstanding { get { lock (_lock) return _unfinished.Count; } }

    /// <summary>True when the update is new to this process and should be dispatched; false for redeliveries of in-flight or finished ones.</summary>
    public bool TryAccept(long updateId)
    {
        lock (_lock)
        {
            if (_inFlight.Contains(updateId) || _finished.Contains(updateId)) return false;
            if (_next is { } n && updateId < n && !_unfinished.Contains(updateId)) return false;
            _inFlight.Add(updateId);
            _unfinished.Add(updateId);
            if (_next is null || updateId + 1 > _next) _next = updateId + 1;
            return true;
        }
    }

    /// <summary>The update is done (or deliberately skipped); the offset may move past it.</summary>
    public void Complete(long updateId)
    {
        lock (_lock)
        {
            _inFlight.Remove(updateId);
            _unfinished.Remove(updateId);
            _finished.Add(updateId);
            Signal();
        }
    }

    /// <summary>Handling failed before the update was done: keep the offset below it and accept its redelivery.</summary>
    public void Release(long updateId)
    {
        lock (_lock)
        {
            _inFlight.Remove(updateId);
            Signal();
        }
    }

    /// <summary>Waits until some update completes or is released, or the timeout passes.</summary>
    public async Task WaitForProgressAsync(TimeSpan timeout, CancellationToken ct)
    {
        Task signal;
        lock (_lock) signal = _progress.Task;
        await Task.WhenAny(signal, Task.Delay(timeout, ct)).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    private void Signal()
    {
        _progress.TrySetResult();
        _progress = NewSignal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
