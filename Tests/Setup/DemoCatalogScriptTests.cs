using System.Diagnostics;
using Xunit;

namespace TuneBot.Tests.Setup;

/// <summary>
/// scripts/setup.d/50-demo-catalog.sh run for real in a temp folder: the MIDI soundtrack comes from a locally built
/// .deb, fluidsynth is a stand-in on PATH that renders with ffmpeg (and fails for one file on the first run).
/// </summary>
[Trait("Category", "Integration")]
public sealed class DemoCatalogScriptTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tunebot-demo-script-" + Guid.NewGuid().ToString("N"));
    private const string Midi = "OpenMSX (OpenTTD) OST";

    public DemoCatalogScriptTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string Repo()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "scripts", "setup.d", "50-demo-catalog.sh"))) return d.FullName;
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    private static (int Code, string Out) Sh(string script, IDictionary<string, string>? env = null)
    {
        var start = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }

    private void BuildDeb(string package, Dictionary<string, string> files)
    {
        var root = Path.Combine(_dir, "build", package);
        Directory.CreateDirectory(Path.Combine(root, "DEBIAN"));
        File.WriteAllText(Path.Combine(root, "DEBIAN", "control"),
            $"Package: {package}\nVersion: 1.0\nArchitecture: all\nMaintainer: t <t@t>\nDescription: test\n");
        foreach (var (path, content) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, path))!);
            File.WriteAllText(Path.Combine(root, path), content);
        }
        Directory.CreateDirectory(Path.Combine(_dir, "demo", "debs"));
        var (code, output) = Sh($"dpkg-deb --build '{root}' '{Path.Combine(_dir, "demo", "debs", package + "_1.0_all.deb")}'");
        Assert.True(code == 0, output);
    }

    [Fact]
    public void A_failed_midi_render_is_retried_next_run_and_a_complete_catalog_reruns_silently()
    {
        var demo = Path.Combine(_dir, "demo");
        foreach (var other in new[] { "Battle for Wesnoth OST", "Endgame Singularity OST", "Nexuiz OST", "SuperTux OST" })
        {
            Directory.CreateDirectory(Path.Combine(demo, "music", other));
            File.WriteAllText(Path.Combine(demo, "music", other, ".complete"), "");
        }
        BuildDeb("openttd-openmsx", new()
        {
            ["usr/share/games/openttd/baseset/openmsx/first_song.mid"] = "MThd",
            ["usr/share/games/openttd/baseset/openmsx/second_song.mid"] = "MThd",
            ["usr/share/games/openttd/baseset/openmsx/third_song_with_a_long_name.mid"] = "MThd",
            ["usr/share/doc/openttd-openmsx/copyright"] = "free",
        });
        BuildDeb("fluid-soundfont-gm", new() { ["usr/share/sounds/sf2/FluidR3_GM.sf2"] = "sf2" });
        var bin = Path.Combine(_dir, "bin");
        Directory.CreateDirectory(bin);
        // fluidsynth -ni -q -F WAV -r 44100 SF2 MIDI: 61 s of tone, or a failure for second_song while FAIL is set.
        File.WriteAllText(Path.Combine(bin, "fluidsynth"), """
            #!/usr/bin/env bash
            wav=$4; midi=${@: -1}
            [[ -n "${FAIL:-}" && "$midi" == *second_song* ]] && exit 1
            exec ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i sine=frequency=440:duration=61 "$wav"
            """);
        Assert.Equal(0, Sh($"chmod +x '{Path.Combine(bin, "fluidsynth")}'").Code);
        var script = Path.Combine(Repo(), "scripts", "setup.d", "50-demo-catalog.sh");
        var env = new Dictionary<string, string>
        {
            ["DEMO_DIR"] = demo, ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"), ["DEMO_KEEP_DEBS"] = "1",
        };
        var dest = Path.Combine(demo, "music", Midi);

        var (code, first) = Sh($"FAIL=1 '{script}'", env);
        Assert.Equal(0, code);
        Assert.Contains("failed to render", first);
        Assert.False(File.Exists(Path.Combine(dest, ".complete")), first);

        var (_, second) = Sh($"'{script}'", env);
        Assert.True(File.Exists(Path.Combine(dest, ".complete")), second);
        Assert.Equal(3, Directory.GetFiles(dest, "*.ogg").Length);
        Assert.DoesNotContain("failed", second);

        var (_, third) = Sh($"'{script}'", env);
        Assert.Equal("", third);
    }
}
