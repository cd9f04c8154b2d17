using System.Diagnostics;
using System.Text;
using TuneBot.Core.Processes;
using Xunit;

namespace TuneBot.Tests.Core.Processes;

/// <summary>The one helper that starts ffmpeg and ffprobe, exercised with small coreutils programs.</summary>
[Trait("Category", "Integration")]
public sealed class ChildProcessTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EachArgumentArrivesAsOneArgvEntry()
    {
        string[] args = ["plain", "two words", "", "quote \" inside", "back\\slash\\", "title=노래 \"제목\"", "-i", "file:/a b/c.mp3"];
        var stdout = new MemoryStream();
        var run = await ChildProcess.RunAsync("printf", ["%s\\0", .. args], Long, stdout: (s, ct) => s.CopyToAsync(stdout, ct));
        Assert.Equal(ChildProcessOutcome.Exited, run.Outcome);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(args, Encoding.UTF8.GetString(stdout.ToArray()).Split('\0')[..^1]);
    }

    [Fact]
    public async Task StdinIsStreamedInAndStdoutOut()
    {
        var input = new byte[3_000_000];
        new Random(7).NextBytes(input);
        var output = new MemoryStream();
        var run = await ChildProcess.RunAsync("cat", [], Long,
            stdin: (s, ct) => s.WriteAsync(input, ct).AsTask(), stdout: (s, ct) => s.CopyToAsync(output, ct));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(input, output.ToArray());
    }

    [Fact]
    public async Task AReaderThatStopsEarlyDoesNotBlockTheChild()
    {
        var head = new byte[16];
        var clock = Stopwatch.StartNew();
        var run = await ChildProcess.RunAsync("head", ["-c", "50000000", "/dev/zero"], Long,
            stdout: async (s, ct) => await s.ReadExactlyAsync(head, ct));
        Assert.Equal(ChildProcessOutcome.Exited, run.Outcome);
        Assert.Equal(0, run.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task AReaderFailureSurfacesAfterTheChildExits()
    {
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => ChildProcess.RunAsync("head", ["-c", "1000000", "/dev/zero"], Long,
            stdout: (_, _) => throw new InvalidDataException("not a WAV")));
        Assert.Equal("not a WAV", e.Message);
    }

    [Fact]
    public async Task StderrIsKeptForTheMessageUpToTheLimit()
    {
        var run = await ChildProcess.RunAsync("sh", ["-c", "echo 'first: bad input' >&2; head -c 100000 /dev/zero | tr '\\0' x >&2; exit 3"], Long);
        Assert.Equal(ChildProcessOutcome.Exited, run.Outcome);
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("first: bad input", run.FirstStderrLine);
        Assert.Equal(ChildProcess.StderrLimit, run.Stderr.Length);
    }

    [Fact]
    public async Task ATimeoutKillsTheChild()
    {
        var clock = Stopwatch.StartNew();
        var run = await ChildProcess.RunAsync("sleep", ["30"], TimeSpan.FromMilliseconds(300));
        Assert.Equal(ChildProcessOutcome.TimedOut, run.Outcome);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.25, 10);
    }

    [Fact]
    public async Task TheCallersCancellationKillsAndThrows()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ChildProcess.RunAsync("sleep", ["30"], Long, ct: cts.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AMissingExecutableIsNotStartedWithTheReason()
    {
        var run = await ChildProcess.RunAsync(Path.Combine(Path.GetTempPath(), "no-such-tunebot-tool"), [], Long);
        Assert.Equal(ChildProcessOutcome.NotStarted, run.Outcome);
        Assert.Contains("No such file", run.StartError);
    }
}
