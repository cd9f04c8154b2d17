namespace TuneBot.Bot.Polling;

/// <summary>
/// Runs work items with bounded concurrency while keeping each chat's items in order: every chat has its own
/// FIFO queue drained by at most one task, and a shared semaphore caps how many items run at once. An item may
/// give its slot back while it only waits (for a rate-limit permit) through <see cref="WorkSlot"/>.
/// </summary>
public sealed class ChatWorkQueue(int maxConcurrency)
{
    private readonly object _lock = new();
    private readonly Dictionary<long, Queue<Func<WorkSlot, Task>>> _chats = [];
    private readonly SemaphoreSlim _slots = new(Math.Max(1, maxConcurrency));
    private int _outstanding;
    private TaskCompletionSource _idle = Completed();

    /// <summary>Items queued or running.</summary>
    public int Outstanding { get { lock (_lock) return _outstanding; } }

    /// <summary>Queues work for a chat; it runs after the chat's earlier items. The work must not throw.</summary>
    public void Enqueue(long chatId, Func<Task> work) => Enqueue(chatId, _ => work());

    /// <summary>Queues work that receives its <see cref="WorkSlot"/>, to step aside while it only waits.</summary>
    public void Enqueue(long chatId, Func<WorkSlot, Task> work)
    {
        Queue<Func<WorkSlot, Task>> queue;
        lock (_lock)
        {
            if (_outstanding++ == 0) _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_chats.TryGetValue(chatId, out var existing))
            {
                existing.Enqueue(work);
                return;
            }
            queue = new Queue<Func<WorkSlot, Task>>();
            queue.Enqueue(work);
            _chats[chatId] = queue;
        }
        _ = Task.Run(() => DrainChatAsync(chatId, queue));
    }

    /// <summary>Completes when every queued and running item has finished.</summary>
    public Task WhenIdleAsync()
    {
        lock (_lock) return _idle.Task;
    }

    private async Task DrainChatAsync(long chatId, Queue<Func<WorkSlot, Task>> queue)
    {
        var slot = new WorkSlot(_slots);
        while (true)
        {
            Func<WorkSlot, Task> work;
            lock (_lock)
            {
                if (queue.Count == 0)
                {
                    _chats.Remove(chatId);
                    return;
                }
                work = queue.Dequeue();
            }
            await _slots.WaitAsync().ConfigureAwait(false);
            try
            {
                await work(slot).ConfigureAwait(false);
            }
            catch
            {
                // Work items handle their own failures; this only keeps the chat's queue alive.
            }
            finally
            {
                _slots.Release();
                lock (_lock)
                {
                    if (--_outstanding == 0) _idle.TrySetResult();
                }
            }
        }
    }

    private static TaskCompletionSource Completed()
    {
        var tcs = new TaskCompletionSource();
        tcs.SetResult();
        return tcs;
    }
}

/// <summary>The concurrency slot a running work item holds.</summary>
public sealed class WorkSlot(SemaphoreSlim slots)
{
    /// <summary>
    /// Gives the slot to other chats while <paramref name="wait"/> runs (it must only wait, e.g. for a rate-limit
    /// permit), then takes a slot again before returning.
    /// </summary>
    public async Task StepAsideWhileAsync(Func<Task> wait)
    {
        slots.Release();
        try
        {
            await wait().ConfigureAwait(false);
        }
        finally
        {
            await slots.WaitAsync().ConfigureAwait(false);
        }
    }
}
