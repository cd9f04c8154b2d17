namespace TuneBot.Core.Processes;

/// <summary>How a child process ended.</summary>
public enum ChildProcessOutcome
{
    /// <summary>It ran and exited by itself; see <see cref="ChildProcessResult.ExitCode"/>.</summary>
    Exited,

    /// <summary>The executable could not be started (not found, not executable).</summary>
    NotStarted,

    /// <summary>It ran past the timeout and was killed.</summary>
    TimedOut,
}

/// <summary>The end of a child process run.</summary>
/// <param name="Outcome">Exited, not started, or timed out.</param>
/// <param name="ExitCode">The exit code when <see cref="ChildProcessOutcome.Exited"/>, else -1.</param>
/// <param name="Stderr">The first <see cref="ChildProcess.StderrLimit"/> characters of its stderr (the diagnosis of
/// ffmpeg and ffprobe comes first); the rest is read and dropped.</param>
/// <param name="StartError">Why it could not be started, when <see cref="ChildProcessOutcome.NotStarted"/>.</param>
public sealed record ChildProcessResult(ChildProcessOutcome Outcome, int ExitCode, string Stderr, string? StartError = null)
{
    /// <summary>The first non-blank line of stderr, or null.</summary>
    public string? FirstStderrLine =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
