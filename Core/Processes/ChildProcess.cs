using System.ComponentModel;
using System.Text;
using CliWrap;

namespace TuneBot.Core.Processes;

/// <summary>
/// The one way TuneBot starts ffmpeg and ffprobe: CliWrap with an argument list (no shell), a wall-clock timeout
/// that kills the process tree, the caller's cancellation (kills, then throws <see cref="OperationCanceledException"/>),
/// stderr captured up to <see cref="StderrLimit"/>, and stdin/stdout handed to the caller as streams so that audio
/// can be streamed in and PCM streamed out.
/// </summary>
public static class ChildProcess
{
    /// <summary>Characters of stderr kept for error messages.</summary>
    public const int StderrLimit = 8192;

    /// <summary>Runs <paramref name="executable"/> to its end.</summary>
    /// <param name="executable">A name looked up on PATH or a full path.</param>
    /// <param name="arguments">The arguments, each passed as one argv entry.</param>
    /// <param name="timeout">Wall-clock limit; the process is killed after it and the outcome is TimedOut.</param>
    /// <param name="stdin">Writes the child's stdin (closed afterwards); null closes it at once. Cancelled once the
    /// child has exited; a write after the child stopped reading fails with <see cref="IOException"/>.</param>
    /// <param name="stdout">Reads the child's stdout; null discards it. What it leaves unread is drained, so that a
    /// reader that stops early never blocks the child on a full pipe. An exception it throws is rethrown once the
    /// child has exited.</param>
    /// <param name="ct">Cancels: the child is killed and <see cref="OperationCanceledException"/> thrown.</param>
    public static async Task<ChildProcessResult> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout,
        Func<Stream, CancellationToken, Task>? stdin = null, Func<Stream, CancellationToken, Task>? stdout = null,
        CancellationToken ct = default)
    {
        var stderr = new BoundedText(StderrLimit);
        var command = Cli.Wrap(executable)
            .WithArguments(arguments)
            .WithValidation(CommandResultValidation.None)
            .WithStandardInputPipe(stdin is null ? PipeSource.Null : PipeSource.Create(stdin))
            .WithStandardOutputPipe(PipeTarget.Create((stream, token) => ReadThenDrainAsync(stream, stdout, token)))
            .WithStandardErrorPipe(PipeTarget.Create(stderr.CaptureAsync));

        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeoutCts.Token);
        try
        {
            var result = await command.ExecuteAsync(linked.Token).ConfigureAwait(false);
            return new ChildProcessResult(ChildProcessOutcome.Exited, result.ExitCode, stderr.Text);
        }
        catch (Win32Exception e)
        {
            // CliWrap wraps the OS error ("No such file or directory") in its own sentence.
            return new ChildProcessResult(ChildProcessOutcome.NotStarted, -1, "", (e.InnerException ?? e).Message);
        }
        catch (Exception e) when (linked.IsCancellationRequested && e is OperationCanceledException or IOException or InvalidDataException)
        {
            // The kill also ends the readers, which may fail on the cut-off output first: still a cancellation.
            ct.ThrowIfCancellationRequested();
            return new ChildProcessResult(ChildProcessOutcome.TimedOut, -1, stderr.Text);
        }
    }

    private static async Task ReadThenDrainAsync(Stream stream, Func<Stream, CancellationToken, Task>? read, CancellationToken ct)
    {
        Exception? failure = null;
        if (read is not null)
        {
            try
            {
                await read(stream, ct).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                failure = e;
            }
        }
        await stream.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>Keeps the first characters of a stream's UTF-8 text, reading the rest to its end.</summary>
    private sealed class BoundedText(int limit)
    {
        private readonly StringBuilder _text = new();

        public string Text { get { lock (_text) return _text.ToString(); } }

        public async Task CaptureAsync(Stream stream, CancellationToken ct)
        {
            using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
            var buffer = new char[1024];
            int n;
            while ((n = await reader.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                lock (_text)
                {
                    if (_text.Length < limit) _text.Append(buffer, 0, Math.Min(n, limit - _text.Length));
                }
            }
        }
    }
}
