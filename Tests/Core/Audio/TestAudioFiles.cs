using Xunit;
using System.Buffers.Binary;
using System.Diagnostics;

namespace TuneBot.Tests.Core.Audio;

/// <summary>
/// Generates test inputs with the real ffmpeg into a private temporary directory, removed on dispose.
/// Signals come from ffmpeg's lavfi sources (sine, anullsrc, aevalsrc), so every format is produced by the
/// encoder a real file would come from.
/// </summary>
public sealed class TestAudioFiles : IDisposable
{
    public TestAudioFiles()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tunebot-audio-tests-").FullName;
    }

    /// <summary>The private directory holding the generated files.</summary>
    public string Directory { get; }

    /// <summary>Path of <paramref name="name"/> inside <see cref="Directory"/>.</summary>
    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>
    /// Runs ffmpeg to produce <paramref name="name"/> from a lavfi source graph, with extra output arguments
    /// (codec, sample rate…); reuses the file when it already exists.
    /// </summary>
    public string Generate(string name, string lavfi, params string[] outputArgs)
    {
        string path = PathOf(name);
        if (File.Exists(path))
            return path;
        var args = new List<string> { "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", lavfi };
        args.AddRange(outputArgs);
        args.Add(path);
        RunFfmpeg(args);
        return path;
    }

    /// <summary>Writes raw bytes to <paramref name="name"/>.</summary>
    public string Write(string name, ReadOnlySpan<byte> bytes)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, bytes.ToArray());
        return path;
    }

    /// <summary>Runs ffmpeg with <paramref name="args"/>; throws with its stderr when it fails.</summary>
    public static void RunFfmpeg(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"ffmpeg failed: {stderr.Result}");
    }

    /// <summary>
    /// A minimal ProTracker module ("M.K."): one 32-byte looped sine sample played as C-3 (period 428) on
    /// channel 1 for one 64-row pattern, i.e. 64 rows × 6 ticks × 20 ms = 7.68 s at the default speed and tempo.
    /// The sample plays at 7 093 789.2 / (2 × 428) ≈ 8287 Hz, so its 32-sample cycle sounds at ≈ 259 Hz.
    /// </summary>
    public static byte[] ProTrackerModule()
    {
        var mod = new List<byte>();
        mod.AddRange(Padded("tunebot test", 20));
        for (int i = 0; i < 31; i++)
        {
            mod.AddRange(Padded(i == 0 ? "sine" : "", 22));
            mod.AddRange(BigEndian(i == 0 ? 16 : 0));   // length in words
            mod.Add(0);                                   // finetune
            mod.Add(i == 0 ? (byte)64 : (byte)0);          // volume
            mod.AddRange(BigEndian(0));                    // loop start
            mod.AddRange(BigEndian(i == 0 ? 16 : 1));      // loop length in words
        }
        mod.Add(1);     // song length: one pattern
        mod.Add(127);
        mod.AddRange(new byte[128]);
        mod.AddRange("M.K."u8.ToArray());
        var pattern = new byte[64 * 4 * 4];
        const int period = 428, sample = 1;
        pattern[0] = (byte)((sample & 0xF0) | (period >> 8));
        pattern[1] = period & 0xFF;
        pattern[2] = (byte)((sample & 0x0F) << 4);
        mod.AddRange(pattern);
        for (int i = 0; i < 32; i++)
            mod.Add(unchecked((byte)(sbyte)Math.Round(100 * Math.Sin(2 * Math.PI * i / 32))));
        return mod.ToArray();

        static byte[] Padded(string s, int n) { var b = new byte[n]; System.Text.Encoding.ASCII.GetBytes(s).CopyTo(b, 0); return b; }
        static byte[] BigEndian(int v) { var b = new byte[2]; BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)v); return b; }
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
