using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TuneBot.Bot.Handlers;

/// <summary>
/// The bot's own folder for the clips being analysed (Bot:ClipFolder, default tunebot-clips under the system temp
/// folder, readable by the bot's user only). A clip is deleted right after use; what a killed process left behind is
/// deleted at the next start, before any update is handled, so no user's voice note outlives a crash for long.
/// A clip's name carries its process id, so a start never deletes the clips of another live instance.
/// </summary>
public sealed class ClipFolder(IOptions<BotOptions> options, ILogger<ClipFolder> logger) : IHostedService
{
    public string Path { get; } = string.IsNullOrWhiteSpace(options.Value.ClipFolder)
        ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tunebot-clips")
        : options.Value.ClipFolder;

    /// <summary>A fresh file name in the folder (created if missing).</summary>
    public string NewClipPath(string extension)
    {
        Ensure();
        return System.IO.Path.Combine(Path, $"clip-{Environment.ProcessId}-{Guid.NewGuid():N}{extension}");
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Ensure();
        var left = 0;
        foreach (var file in Directory.EnumerateFiles(Path))
        {
            if (OfLiveProcess(file)) continue;
            try
            {
                File.Delete(file);
                left++;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Clip left by an earlier run not deleted: {Error}", ex.Message);
            }
        }
        if (left > 0) logger.LogInformation("Deleted {Count} clip(s) left by an earlier run", left);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Another instance on this machine (or another host in this process) may be analysing a clip in the folder now.
    private static bool OfLiveProcess(string file)
    {
        var parts = System.IO.Path.GetFileName(file).Split('-');
        if (parts.Length < 3 || parts[0] != "clip" || !int.TryParse(parts[1], out var pid)) return false;
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process: its clips are left-overs
        }
    }

    private void Ensure()
    {
        if (Directory.Exists(Path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(Path);
        else Directory.CreateDirectory(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
