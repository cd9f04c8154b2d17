using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TuneBot.Core.Audio;
using TuneBot.Core.Features;
using TuneBot.CatalogTool.Json;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>analyze FILE [--json] [--max-seconds 600] [--no-truncate]</c>: decodes one file (its first 10 minutes by default) and prints its feature summary,
/// as a table or, with <c>--json</c>, as one JSON object (<see cref="AnalysisReport"/>) and nothing else on stdout.
/// Exit codes: 0 ok, 2 the file cannot be used (reason on stderr), 1 ffmpeg missing or an internal error.
/// </summary>
public static class AnalyzeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Audio file to analyse (anything ffmpeg decodes)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of a table" };
        var maxSeconds = new Option<double>("--max-seconds")
        {
            Description = "Analyse at most this many seconds (the start of a longer file)",
            DefaultValueFactory = _ => DecodeOptions.Ingest.MaxDuration.TotalSeconds,
        };
        var noTruncate = new Option<bool>("--no-truncate") { Description = "Reject a file longer than --max-seconds instead of cutting it" };
        var command = new Command("analyze", "Decode one audio file and print its librosa-style feature summary")
        {
            file, json, maxSeconds, noTruncate,
        };
        command.SetAction((parseResult, ct) =>
        {
            double max = parseResult.GetValue(maxSeconds);
            if (!(max is > 0 and <= 24 * 3600))
            {
                parseResult.InvocationConfiguration.Error.WriteLine("--max-seconds must be a positive number of seconds (at most a day).");
                return Task.FromResult(2);
            }
            var options = DecodeOptions.Ingest with
            {
                MaxDuration = TimeSpan.FromSeconds(max),
                TruncateLongInput = !parseResult.GetValue(noTruncate),
            };
            return RunAsync(parseResult.GetRequiredValue(file), parseResult.GetValue(json), options,
                parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(string path, bool asJson, DecodeOptions options, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        try
        {
            var decoder = new AudioDecoder();
            var clock = Stopwatch.StartNew();
            var decoded = await decoder.DecodeAsync(path, options, ct);
            double decodeMs = clock.Elapsed.TotalMilliseconds;
            if (!decoded.Success)
            {
                await stderr.WriteLineAsync($"{path}: {decoded.Reason}");
                return decoded.Failure == DecodeFailureKind.FfmpegMissing ? 1 : 2;
            }

            clock.Restart();
            var analysis = FeatureExtractor.Analyze(decoded.Audio.Samples, decoded.Audio.SampleRate);
            double featuresMs = clock.Elapsed.TotalMilliseconds;

            var report = AnalysisReport.From(path, analysis, decodeMs, featuresMs);
            var bad = report.NonFiniteVectors().ToList();
            if (bad.Count > 0)
            {
                await stderr.WriteLineAsync($"{path}: internal error: non-finite feature values ({string.Join(", ", bad)}).");
                return 1;
            }

            if (asJson)
                await stdout.WriteLineAsync(JsonSerializer.Serialize(report, IngestJsonContext.Default.AnalysisReport));
            else
                WriteTable(report, decoded.Audio.Truncated, stdout);
            return 0;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("Cancelled.");
            return 130;
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"{path}: internal error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    private static void WriteTable(AnalysisReport r, bool truncated, TextWriter stdout)
    {
        var console = CreateConsole(stdout);
        static string F(double? v, string format = "0.###") => v?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a";
        static string Vector(double[] v) => string.Join(" ", v.Select(x => F(x, "0.##")));

        var table = new Table().Title(Markup.Escape(r.File)).Border(TableBorder.Rounded).AddColumn("feature").AddColumn(new TableColumn("mean").RightAligned()).AddColumn(new TableColumn("std").RightAligned());
        void Row(Table t, params string[] cells) => t.AddRow(cells.Select(c => new Text(c)).ToArray());
        Row(table, "duration", $"{F(r.DurationS, "0.00")} s{(truncated ? " (truncated)" : "")}", "");
        Row(table, "frames", r.Frames.ToString(CultureInfo.InvariantCulture), "");
        Row(table, "tempo", $"{F(r.TempoBpm, "0.0")} BPM", "");
        Row(table, "spectral centroid (Hz)", F(r.SpectralCentroidMean, "0.0"), F(r.SpectralCentroidStd, "0.0"));
        Row(table, "spectral rolloff (Hz)", F(r.SpectralRolloffMean, "0.0"), F(r.SpectralRolloffStd, "0.0"));
        Row(table, "zero-crossing rate", F(r.ZcrMean, "0.0000"), F(r.ZcrStd, "0.0000"));
        Row(table, "rms", F(r.RmsMean, "0.0000"), "");
        Row(table, "rms harmonic / percussive", $"{F(r.RmsHarmonicMean, "0.0000")} / {F(r.RmsPercussiveMean, "0.0000")}", "");
        console.Write(table);

        var vectors = new Table().Border(TableBorder.Rounded).AddColumn("vector").AddColumn("mean").AddColumn("std");
        Row(vectors, "mfcc[20]", Vector(r.MfccMean), Vector(r.MfccStd));
        Row(vectors, "chroma[12]", Vector(r.ChromaMean), Vector(r.ChromaStd));
        console.Write(vectors);
        console.WriteLine($"decode {F(r.ElapsedMs.Decode, "0")} ms, features {F(r.ElapsedMs.Features, "0")} ms");
    }

    /// <summary>A Spectre console on <paramref name="writer"/>; colour only when it is the real, unredirected terminal.</summary>
    internal static IAnsiConsole CreateConsole(TextWriter writer)
    {
        bool terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal)
            console.Profile.Width = 120;   // a file or pipe has no width; keep tables unwrapped for logs
        return console;
    }
}
