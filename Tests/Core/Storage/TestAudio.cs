using System.Diagnostics;

namespace TuneBot.Tests.Core.Storage;

/// <summary>Real audio files made with ffmpeg for the catalog tests.</summary>
internal static class TestAudio
{
    /// <summary>
    /// Writes a tone mix (fundamental <paramref name="hz"/> plus two harmonics, with pink noise) of
    /// <paramref name="seconds"/> to <paramref name="path"/>, the format following the extension.
    /// </summary>
    public static void Tone(string path, double hz, double seconds = 4, string? title = null, string? artist = null, string? album = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var args = new List<string>
        {
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"sine=frequency={hz}:duration={seconds}:sample_rate=22050",
            "-f", "lavfi", "-i", $"sine=frequency={hz * 2}:duration={seconds}:sample_rate=22050",
            "-f", "lavfi", "-i", $"anoisesrc=color=pink:amplitude=0.05:duration={seconds}:sample_rate=22050:seed={(int)hz}",
            "-filter_complex", "[0][1][2]amix=inputs=3:normalize=0,volume=0.5", "-ac", "1",
        };
        if (title is not null) { args.Add("-metadata"); args.Add($"title={title}"); }
        if (artist is not null) { args.Add("-metadata"); args.Add($"artist={artist}"); }
        if (album is not null) { args.Add("-metadata"); args.Add($"album={album}"); }
        args.Add(path);
        Run("ffmpeg", args);
    }

    /// <summary>
    /// A tune: a note every half second, stepping <paramref name="step"/> semitones (mod 12) up from
    /// <paramref name="hz"/>, with its octave and light pink noise — music whose frames change over time, unlike
    /// <see cref="Tone"/>. Two tunes of the same length but different steps are different songs.
    /// </summary>
    public static void Melody(string path, double hz, int step, double seconds = 8)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Quoted expression: its commas would otherwise separate filters.
        string f = FormattableString.Invariant($"{hz}*pow(2,mod(floor(t*2)*{step},12)/12)");
        Run("ffmpeg", [
            "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", FormattableString.Invariant($"aevalsrc='0.3*sin(2*PI*t*{f})+0.15*sin(4*PI*t*{f})':s=22050:d={seconds}"),
            "-f", "lavfi", "-i", FormattableString.Invariant($"anoisesrc=color=pink:amplitude=0.03:duration={seconds}:sample_rate=22050:seed={step}"),
            "-filter_complex", "[0][1]amix=inputs=2:normalize=0", "-ac", "1", path]);
    }

    /// <summary>Re-encodes <paramref name="source"/> to <paramref name="path"/> (codec from the extension) at
    /// <paramref name="bitrate"/>, as a user converting a song would: same recording, different bytes.</summary>
    public static void Reencode(string source, string path, string bitrate)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", source, "-b:a", bitrate, path]);
    }

    /// <summary>Digital silence.</summary>
    public static void Silence(string path, double seconds = 3) =>
        Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", $"anullsrc=r=22050:cl=mono", "-t",
            seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), path]);

    private static void Run(string exe, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{exe} failed: {err}");
    }
}
