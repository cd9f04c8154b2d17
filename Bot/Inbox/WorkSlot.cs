namespace TuneBot.Bot.Inbox;

/// <summary>The concurrency slot a running update holds (one of the instance's <c>MaxConcurrency</c>).</summary>
public sealed class WorkSlot(SemaphoreSlim slots)
{
    /// <summary>
    /// Gives the slot to other updates while <paramref name="wait"/> runs (it must only wait, e.g. for a rate-limit
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
