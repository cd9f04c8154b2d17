using TuneBot.Core.Audio;
using TuneBot.Core.Processes;

namespace TuneBot.Bot.Advice;

/// <summary>
/// Cuts a preview from a catalog file with ffmpeg (<see cref="ChildProcess"/>: argument list, no shell): from a start position,
/// a given length, re-encoded to MP3 (libmp3lame, 44.1 kHz stereo, 128 kb/s — what Telegram's player streams
/// everywhere) with title and artist tags, written to a pipe and collected in memory.
/// </summary>
public sealed class PreviewCutter(AudioSettings settings)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The MP3 bytes, or null and a reason (ffmpeg missing, file unreadable, nothing encoded).</summary>
    /// <param name="startSeconds">Where the excerpt starts (clamped so that a full excerpt fits when the track is long enough).</param>
    /// <param name="trackSeconds">Track length in seconds.</param>
    /// <param name="lengthSeconds">Excerpt length in seconds.</param>
    public async Task<(byte[]? Mp3, int Seconds, string? Why)> CutAsync(string path, double startSeconds, double trackSeconds,
        int lengthSeconds, string title, string artist, CancellationToken ct)
    {
        var start = Math.Max(0, Math.Min(startSeconds, trackSeconds - lengthSeconds));
        var seconds = (int)Math.Max(1, Math.Round(Math.Min(lengthSeconds, trackSeconds - start)));
        var output = new MemoryStream();
        var run = await ChildProcess.RunAsync(settings.FfmpegPath,
            [
                "-nostdin", "-hide_banner", "-v", "error",
                "-ss", start.ToString("F3", System.Globalization.CultureInfo.InvariantCulture),
                "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-i", path, "-vn", "-map_metadata", "-1",
                "-metadata", "title=" + title, "-metadata", "artist=" + artist,
                "-ac", "2", "-ar", "44100", "-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3", "pipe:1",
            ],
            Timeout, stdout: (s, token) => s.CopyToAsync(output, token), ct: ct).ConfigureAwait(false);
        return run.Outcome switch
        {
            ChildProcessOutcome.NotStarted => (null, 0, $"ffmpeg not found at '{settings.FfmpegPath}'"),
            ChildProcessOutcome.TimedOut => (null, 0, "ffmpeg did not finish the preview in time"),
            _ when run.ExitCode != 0 || output.Length == 0 => (null, 0, $"ffmpeg exit {run.ExitCode}: {run.FirstStderrLine ?? "no output"}"),
            _ => (output.ToArray(), seconds, null),
        };
    }
}
