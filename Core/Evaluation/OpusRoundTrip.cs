using System.Globalization;
using System.Runtime.InteropServices;
using TuneBot.Core.Audio;
using TuneBot.Core.Processes;

namespace TuneBot.Core.Evaluation;

/// <summary>
/// The codec step of a Telegram voice note: the clip is encoded with ffmpeg's libopus at a bitrate drawn from
/// 24–32 kbps, 48 kHz mono in Ogg (what Telegram stores), then decoded back from that stream with
/// <see cref="AudioDecoder"/> exactly as a query would be.
/// </summary>
public sealed class OpusRoundTrip(string ffmpegPath = "ffmpeg", AudioDecoder? decoder = null)
{
    private readonly AudioDecoder _decoder = decoder ?? new AudioDecoder(ffmpegPath);

    // Generous for a clip of seconds; the encoder had no limit before, this only stops a hung ffmpeg.
    private static readonly TimeSpan EncodeTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Lowest and highest bitrate drawn, kbps.</summary>
    public const int MinKbps = 24, MaxKbps = 32;

    /// <summary>Encodes <paramref name="clip"/> (mono at <paramref name="sampleRate"/>) to Ogg/Opus in memory.</summary>
    /// <param name="kbps">Bitrate in kbps.</param>
    /// <exception cref="InvalidOperationException">ffmpeg failed (missing, or no libopus).</exception>
    public async Task<byte[]> EncodeAsync(float[] clip, int sampleRate, int kbps, CancellationToken ct = default)
    {
        var output = new MemoryStream();
        var pcm = MemoryMarshal.AsBytes(clip.AsSpan()).ToArray();
        var run = await ChildProcess.RunAsync(ffmpegPath,
            ["-hide_banner", "-loglevel", "error", "-f", "f32le", "-ar", sampleRate.ToString(CultureInfo.InvariantCulture),
             "-ac", "1", "-i", "pipe:0", "-c:a", "libopus", "-b:a", $"{kbps}k", "-ar", "48000", "-ac", "1", "-f", "ogg", "pipe:1"],
            EncodeTimeout,
            stdin: (s, token) => s.WriteAsync(pcm, token).AsTask(),
            stdout: (s, token) => s.CopyToAsync(output, token), ct: ct).ConfigureAwait(false);
        return run.Outcome switch
        {
            ChildProcessOutcome.NotStarted => throw new InvalidOperationException($"ffmpeg could not be started: {run.StartError}"),
            ChildProcessOutcome.TimedOut => throw new InvalidOperationException($"ffmpeg libopus took longer than {EncodeTimeout.TotalSeconds} s"),
            _ when run.ExitCode != 0 => throw new InvalidOperationException($"ffmpeg libopus failed: {run.Stderr.Trim()}"),
            _ => output.ToArray(),
        };
    }

    /// <summary>
    /// Encodes at a bitrate drawn from <paramref name="rng"/> (24–32 kbps) and decodes the Ogg stream back to
    /// mono PCM at <paramref name="sampleRate"/>. Returns the degraded samples and the bitrate used.
    /// </summary>
    /// <exception cref="InvalidOperationException">Encoding or decoding failed.</exception>
    public async Task<(float[] Samples, int Kbps)> ApplyAsync(float[] clip, int sampleRate, Random rng, CancellationToken ct = default)
    {
        int kbps = rng.Next(MinKbps, MaxKbps + 1);
        var ogg = await EncodeAsync(clip, sampleRate, kbps, ct);
        using var stream = new MemoryStream(ogg, writable: false);
        var decoded = await _decoder.DecodeAsync(stream, DecodeOptions.Query with { SampleRate = sampleRate, MinDuration = TimeSpan.Zero, SilencePeakThreshold = 0f }, ct);
        if (!decoded.Success) throw new InvalidOperationException($"Decoding the Opus round trip failed: {decoded.Reason}");
        return (decoded.Audio!.Samples, kbps);
    }
}
