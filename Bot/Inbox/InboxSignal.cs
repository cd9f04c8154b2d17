namespace TuneBot.Bot.Inbox;

/// <summary>
/// Wakes this instance's inbox worker when something here stored an update or finished one (the next update of
/// that chat may be claimable now), instead of waiting for the next poll of the database.
/// </summary>
public sealed class InboxSignal
{
    private readonly SemaphoreSlim _pulses = new(0, 1);

    public void Pulse()
    {
        try { _pulses.Release(); }
        catch (SemaphoreFullException) { } // already signalled: one wake-up covers every pulse before it
    }

    /// <summary>Waits for a pulse or the timeout.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _pulses.WaitAsync(timeout, ct);
}
