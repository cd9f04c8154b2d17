using System.Globalization;
using System.Text.Json;
using TuneBot.Core.Processes;

namespace TuneBot.Core.Audio;

/// <summary>What ffprobe says about a file: duration and the title/artist/album tags.</summary>
public sealed class AudioProbeResult
{
    /// <summary>True when ffprobe read the file and found an audio stream.</summary>
    public bool Success { get; init; }

    /// <summary>When not <see cref="Success"/>: one readable line saying why.</summary>
    public string? Reason { get; init; }

    /// <summary>Duration in seconds from the container (or the audio stream), null when unknown.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>ffprobe's format name, e.g. "ogg", "mp3", "mov,mp4,m4a,3gp,3g2,mj2", "libopenmpt".</summary>
    public string? FormatName { get; init; }

    /// <summary>The audio stream's codec, e.g. "opus", "vorbis", "mp3", "aac", "flac".</summary>
    public string? Codec { get; init; }

    /// <summary>Title tag, trimmed; null when absent or blank.</summary>
    public string? Title { get; init; }

    /// <summary>Artist tag (or album_artist when artist is absent); null when absent or blank.</summary>
    public string? Artist { get; init; }

    /// <summary>Album tag; null when absent or blank.</summary>
    public string? Album { get; init; }
}

/// <summary>
/// Reads duration and tags with ffprobe (<see cref="ChildProcess"/>, JSON output). Tags are looked up in the
/// container (<c>format.tags</c>) and then in the audio stream (<c>streams[0].tags</c>, where Ogg keeps its
/// Vorbis comments), case-insensitively (ID3 says "title", Vorbis comments often "TITLE").
/// </summary>
public sealed class AudioProbe
{
    private readonly string _ffprobePath;

    /// <summary>Creates a probe.</summary>
    /// <param name="ffprobePath">The ffprobe executable (default "ffprobe", looked up on PATH).</param>
    public AudioProbe(string ffprobePath = "ffprobe")
    {
        _ffprobePath = string.IsNullOrWhiteSpace(ffprobePath) ? "ffprobe" : ffprobePath;
    }

    /// <summary>Probes the local file at <paramref name="path"/>.</summary>
    /// <param name="path">Local file path (opened through the <c>file:</c> protocol only).</param>
    /// <param name="timeout">Wall-clock limit; default 20 s. ffprobe is killed after it.</param>
    /// <param name="ct">Cancellation; throws <see cref="OperationCanceledException"/> after killing ffprobe.</param>
    /// <returns>Metadata, or <see cref="AudioProbeResult.Success"/> false with a reason; never throws otherwise.</returns>
    public async Task<AudioProbeResult> ProbeAsync(string path, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        if (!File.Exists(path))
            return new AudioProbeResult { Reason = $"File not found: {path}" };

        var stdout = new MemoryStream();
        var run = await ChildProcess.RunAsync(_ffprobePath,
            [
                "-hide_banner", "-loglevel", "error", "-protocol_whitelist", "file",
                "-select_streams", "a:0", "-show_format", "-show_streams", "-print_format", "json",
                "file:" + Path.GetFullPath(path),
            ],
            timeout ?? TimeSpan.FromSeconds(20), stdout: (s, token) => s.CopyToAsync(stdout, token), ct: ct).ConfigureAwait(false);
        switch (run.Outcome)
        {
            case ChildProcessOutcome.NotStarted:
                return new AudioProbeResult { Reason = $"ffprobe could not be started ('{_ffprobePath}': {run.StartError}); install ffmpeg." };
            case ChildProcessOutcome.TimedOut:
                return new AudioProbeResult { Reason = "ffprobe took too long and was stopped." };
        }
        if (run.ExitCode != 0)
            return new AudioProbeResult { Reason = $"Not a readable audio file ({run.FirstStderrLine ?? "ffprobe failed"})." };
        return Parse(System.Text.Encoding.UTF8.GetString(stdout.GetBuffer(), 0, (int)stdout.Length));
    }

    /// <summary>Parses ffprobe's <c>-show_format -show_streams -print_format json</c> output.</summary>
    internal static AudioProbeResult Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            JsonElement? stream = null;
            if (root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array && streams.GetArrayLength() > 0)
                stream = streams[0];
            if (stream is null)
                return new AudioProbeResult { Reason = "The file contains no audio stream." };

            root.TryGetProperty("format", out var format);
            double? duration = ReadDouble(format, "duration") ?? ReadDouble(stream.Value, "duration");
            string? Tag(string name) => ReadTag(format, name) ?? ReadTag(stream.Value, name);

            return new AudioProbeResult
            {
                Success = true,
                DurationSeconds = duration,
                FormatName = ReadString(format, "format_name"),
                Codec = ReadString(stream.Value, "codec_name"),
                Title = Tag("title"),
                Artist = Tag("artist") ?? Tag("album_artist"),
                Album = Tag("album"),
            };
        }
        catch (JsonException e)
        {
            return new AudioProbeResult { Reason = $"ffprobe's output could not be read: {e.Message}" };
        }
    }

    private static string? ReadString(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() : null;

    private static double? ReadDouble(JsonElement obj, string name) =>
        ReadString(obj, name) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d) && d >= 0 ? d : null;

    private static string? ReadTag(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Object)
            return null;
        foreach (var tag in tags.EnumerateObject())
        {
            if (string.Equals(tag.Name, name, StringComparison.OrdinalIgnoreCase) && tag.Value.ValueKind == JsonValueKind.String)
            {
                var value = tag.Value.GetString()?.Trim();
                return string.IsNullOrEmpty(value) ? null : value;
            }
        }
        return null;
    }
}
