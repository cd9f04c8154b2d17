using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using TuneBot.Core.Audio;
using TuneBot.Core.Features;
using TuneBot.CatalogTool.Commands;
using TuneBot.Tests.Core.Audio;
using Xunit;

namespace TuneBot.Tests.CatalogTool;

[Trait("Category", "Integration")]
public sealed class AnalyzeCommandTests(TestAudioFiles files) : IClassFixture<TestAudioFiles>
{
    private static readonly string[] Fields =
    [
        "file", "duration_s", "sample_rate", "frames", "tempo_bpm", "mfcc_mean", "mfcc_std", "chroma_mean", "chroma_std",
        "spectral_centroid_mean", "spectral_centroid_std", "spectral_rolloff_mean", "spectral_rolloff_std",
        "zcr_mean", "zcr_std", "rms_mean", "rms_harmonic_mean", "rms_percussive_mean", "elapsed_ms",
    ];

    private static async Task<(int Exit, string Stdout, string Stderr)> Run(params string[] args)
    {
        var root = new RootCommand { AnalyzeCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Music(string name = "chords.mp3", double seconds = 4) => files.Generate(name,
        $"aevalsrc=0.3*sin(2*PI*261.63*t)+0.2*sin(2*PI*329.63*t)+0.2*sin(2*PI*392*t)+0.3*sin(2*PI*60*t)*exp(-20*mod(t\\,0.5))" +
        $"|0.3*sin(2*PI*261.63*t)+0.2*sin(2*PI*440*t)+0.1*sin(2*PI*523.25*t):s=44100:d={seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        "-c:a", "libmp3lame", "-b:a", "192k");

    [Fact]
    public async Task Json_output_is_one_object_with_exactly_the_issue_fields_matching_the_analysis()
    {
        string path = Music();

        var (exit, stdout, stderr) = await Run("analyze", path, "--json");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        using var doc = JsonDocument.Parse(stdout);   // throws if stdout holds anything besides one JSON value
        var json = doc.RootElement;
        Assert.Equal(Fields.Order(), json.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(path, json.GetProperty("file").GetString());
        Assert.Equal(22050, json.GetProperty("sample_rate").GetInt32());
        Assert.Equal(20, json.GetProperty("mfcc_mean").GetArrayLength());
        Assert.Equal(20, json.GetProperty("mfcc_std").GetArrayLength());
        Assert.Equal(12, json.GetProperty("chroma_mean").GetArrayLength());
        Assert.Equal(12, json.GetProperty("chroma_std").GetArrayLength());
        Assert.Equal(["decode", "features"], json.GetProperty("elapsed_ms").EnumerateObject().Select(p => p.Name).Order());
        Assert.True(json.GetProperty("elapsed_ms").GetProperty("decode").GetDouble() > 0);

        // The numbers are the analysis of the decoded file, field by field.
        var decoded = await new AudioDecoder().DecodeAsync(path, DecodeOptions.Ingest);
        Assert.True(decoded.Success);
        var expected = FeatureExtractor.Analyze(decoded.Audio.Samples, 22050);
        Assert.Equal(expected.Frames, json.GetProperty("frames").GetInt32());
        Assert.Equal(1 + decoded.Audio.Samples.Length / 512, json.GetProperty("frames").GetInt32());
        Assert.Equal(expected.DurationSeconds, json.GetProperty("duration_s").GetDouble(), 9);
        AssertVector(expected.Summary.MfccMean, json.GetProperty("mfcc_mean"));
        AssertVector(expected.Summary.MfccStd, json.GetProperty("mfcc_std"));
        AssertVector(expected.Summary.ChromaMean, json.GetProperty("chroma_mean"));
        AssertVector(expected.Summary.ChromaStd, json.GetProperty("chroma_std"));
        AssertScalar(expected.TempoBpm, json.GetProperty("tempo_bpm"));
        AssertScalar(expected.Summary.SpectralCentroidMean, json.GetProperty("spectral_centroid_mean"));
        AssertScalar(expected.Summary.SpectralCentroidStd, json.GetProperty("spectral_centroid_std"));
        AssertScalar(expected.Summary.SpectralRolloffMean, json.GetProperty("spectral_rolloff_mean"));
        AssertScalar(expected.Summary.SpectralRolloffStd, json.GetProperty("spectral_rolloff_std"));
        AssertScalar(expected.Summary.ZcrMean, json.GetProperty("zcr_mean"));
        AssertScalar(expected.Summary.ZcrStd, json.GetProperty("zcr_std"));
        AssertScalar(expected.Summary.RmsMean, json.GetProperty("rms_mean"));
        AssertScalar(expected.Summary.RmsHarmonicMean, json.GetProperty("rms_harmonic_mean"));
        AssertScalar(expected.Summary.RmsPercussiveMean, json.GetProperty("rms_percussive_mean"));
    }

    private static void AssertVector(double[] expected, JsonElement actual) =>
        Assert.Equal(expected, actual.EnumerateArray().Select(e => e.GetDouble()).ToArray());

    // A feature that is not a finite number is written as null (JSON has no NaN).
    private static void AssertScalar(double expected, JsonElement actual)
    {
        if (double.IsFinite(expected))
            Assert.Equal(expected, actual.GetDouble());
        else
            Assert.Equal(JsonValueKind.Null, actual.ValueKind);
    }

    [Fact]
    public async Task Without_json_prints_a_readable_table()
    {
        var (exit, stdout, stderr) = await Run("analyze", Music());

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("spectral centroid", stdout);
        Assert.Contains("mfcc[20]", stdout);
        Assert.DoesNotContain("\u001b[", stdout);   // no colour codes when redirected
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "zero-byte", "empty" },
        { "text renamed .mp3", "not an audio file" },
        { "truncated ogg", "truncated" },
        { "1 s of silence", "silent" },
        { "0.3 s clip", "too short" },
        { "missing file", "not found" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Unusable_input_exits_2_with_one_line_on_stderr_and_nothing_on_stdout(string input, string reasonFragment)
    {
        string path = MakeBadInput(input);

        var (exit, stdout, stderr) = await Run("analyze", path, "--json");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(reasonFragment, stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_file_longer_than_the_bound_is_cut_or_refused()
    {
        string path = Music("five-seconds.mp3", 5);

        var cut = await Run("analyze", path, "--json", "--max-seconds", "2");
        var refused = await Run("analyze", path, "--json", "--max-seconds", "2", "--no-truncate");

        Assert.Equal(0, cut.Exit);
        using (var doc = JsonDocument.Parse(cut.Stdout))
            Assert.Equal(2.0, doc.RootElement.GetProperty("duration_s").GetDouble(), 6);
        Assert.Equal(2, refused.Exit);
        Assert.Equal("", refused.Stdout);
        Assert.Contains("longer than", refused.Stderr);
    }

    [Fact]
    public async Task The_real_executable_exits_2_without_a_stack_trace()
    {
        string path = MakeBadInput("text renamed .mp3");
        string dll = CatalogToolProcess.Dll;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "analyze", path, "--json" })
            psi.ArgumentList.Add(a);

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("", await stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", stderr);
    }

    private string MakeBadInput(string input)
    {
        switch (input)
        {
            case "zero-byte":
                return files.Write("zero.wav", ReadOnlySpan<byte>.Empty);
            case "text renamed .mp3":
                return files.Write("lyrics.mp3", "la la la, this is text\n"u8);
            case "truncated ogg":
                string whole = files.Generate("note.ogg", "aevalsrc=0.5*sin(2*PI*440*t):s=48000:d=4", "-c:a", "libopus");
                byte[] bytes = File.ReadAllBytes(whole);
                return files.Write("note-cut.ogg", bytes.AsSpan(0, bytes.Length / 2));
            case "1 s of silence":
                return files.Generate("silence.ogg", "anullsrc=r=48000:cl=mono", "-t", "1", "-c:a", "libopus");
            case "0.3 s clip":
                return files.Generate("short.mp3", "aevalsrc=0.5*sin(2*PI*440*t):s=44100:d=0.3", "-c:a", "libmp3lame");
            case "missing file":
                return files.PathOf("no-such-file.flac");
            default:
                throw new ArgumentOutOfRangeException(nameof(input));
        }
    }
}
