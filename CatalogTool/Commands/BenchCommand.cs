using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using TuneBot.Core.Audio;
using TuneBot.Core.Features;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>bench SUBJECT …</c>: short, repeatable timings of one stage of the pipeline, printed as a table.
/// <c>bench features [--seconds 180] [--repeat 5] [--file PATH]</c> times <see cref="FeatureExtractor.Analyze"/>
/// on one thread. Other stages add their own subcommand (<c>bench search</c>, <c>bench ingest</c>, …): a
/// <c>public static Command Create()</c> in their own file, added below with one line; <see cref="BenchTiming"/>
/// does the measuring.
/// </summary>
public static class BenchCommand
{
    /// <summary>Builds the <c>bench</c> command with its subcommands.</summary>
    public static Command Create()
    {
        var bench = new Command("bench", "Time a pipeline stage (short runs; figures for the README and issues)");
        bench.Subcommands.Add(CreateFeatures());
        return bench;
    }

    private static Command CreateFeatures()
    {
        var seconds = new Option<double>("--seconds") { Description = "Length of the clip analysed, in seconds", DefaultValueFactory = _ => 180 };
        var repeat = new Option<int>("--repeat") { Description = "Timed runs (after one warm-up run)", DefaultValueFactory = _ => 5 };
        var file = new Option<string?>("--file")
        {
            Description = "Build the clip by decoding (and looping) this file, and time its decode; default: a synthetic clip",
        };
        var command = new Command("features", "Time the full feature set (FeatureExtractor.Analyze) on one thread")
        {
            seconds, repeat, file,
        };
        command.SetAction((parseResult, ct) => RunFeaturesAsync(parseResult.GetValue(seconds), parseResult.GetValue(repeat),
            parseResult.GetValue(file), parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, ct));
        return command;
    }

    private static async Task<int> RunFeaturesAsync(double seconds, int repeat, string? file, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (!(seconds is > 0 and <= 3600) || repeat < 1)
        {
            await stderr.WriteLineAsync("--seconds must be in (0, 3600] and --repeat at least 1.");
            return 2;
        }
        const int sampleRate = 22050;
        var console = AnalyzeCommand.CreateConsole(stdout);
        var table = new Table().AddColumn("stage").AddColumn("clip")
            .AddColumn(new TableColumn("min ms").RightAligned()).AddColumn(new TableColumn("median ms").RightAligned())
            .AddColumn(new TableColumn("CPU ms (median, incl. ffmpeg)").RightAligned()).AddColumn(new TableColumn("× real time").RightAligned())
            .AddColumn(new TableColumn("alloc MB/run").RightAligned());

        float[] clip;
        string source;
        if (file is null)
        {
            clip = SyntheticClip(seconds, sampleRate);
            source = "synthetic";
        }
        else
        {
            var decoder = new AudioDecoder();
            var options = DecodeOptions.Ingest with { MaxDuration = TimeSpan.FromSeconds(Math.Max(seconds, 1)) };
            DecodeResult? decoded = null;
            var decodeTiming = await BenchTiming.MeasureAsync(Math.Min(repeat, 3), async () => decoded = await decoder.DecodeAsync(file, options, ct));
            if (decoded is not { Success: true })
            {
                await stderr.WriteLineAsync($"{file}: {decoded?.Reason}");
                return decoded?.Failure == DecodeFailureKind.FfmpegMissing ? 1 : 2;
            }
            var audio = decoded.Audio!;
            AddRow(table, "decode (ffmpeg)", $"{audio.DurationSeconds:0.0} s of {Path.GetFileName(file)}", audio.DurationSeconds, decodeTiming);
            clip = Loop(audio.Samples, (int)Math.Round(seconds * sampleRate));
            source = $"{Path.GetFileName(file)}{(audio.DurationSeconds < seconds ? ", looped" : "")}";
        }

        // Warm-up: JIT and tiered compilation, first-touch of the filterbanks' caches.
        FeatureExtractor.Analyze(clip, sampleRate);
        var timing = BenchTiming.Measure(repeat, () => FeatureExtractor.Analyze(clip, sampleRate));
        AddRow(table, "features (one thread)", $"{seconds:0.#} s, {source}", seconds, timing);

        console.Write(table);
        console.WriteLine(
            $"{repeat} timed run(s) after one warm-up; {Environment.ProcessorCount} cores visible; .NET {Environment.Version}; server GC {System.Runtime.GCSettings.IsServerGC}.");
        return 0;
    }

    private static void AddRow(Table table, string stage, string clip, double audioSeconds, BenchTiming t)
    {
        static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
        table.AddRow(Markup.Escape(stage), Markup.Escape(clip), F(t.MinMs, "0.0"), F(t.MedianMs, "0.0"), F(t.MedianCpuMs, "0"),
            F(audioSeconds * 1000 / t.MedianMs, "0") + "×", F(t.MedianAllocatedBytes / (1024 * 1024), "0.0"));
    }

    private static float[] Loop(float[] source, int length)
    {
        var result = new float[length];
        for (int offset = 0; offset < length; offset += source.Length)
            source.AsSpan(0, Math.Min(source.Length, length - offset)).CopyTo(result.AsSpan(offset));
        return result;
    }

    /// <summary>
    /// A deterministic stand-in for music: a I–V–vi–IV progression of harmonic-rich chords (a new chord every
    /// 2 s), a kick on every beat and noise hi-hats on the off-beats at 120 BPM, so that every feature (chroma,
    /// tempo, HPSS) has real work to do.
    /// </summary>
    internal static float[] SyntheticClip(double seconds, int sampleRate)
    {
        int n = (int)Math.Round(seconds * sampleRate);
        var y = new float[n];
        double[][] chords = [[261.63, 329.63, 392.00], [196.00, 246.94, 293.66], [220.00, 261.63, 329.63], [174.61, 220.00, 261.63]];
        var random = new Random(12345);
        double beat = 0.5;
        for (int i = 0; i < n; i++)
        {
            double t = (double)i / sampleRate;
            var chord = chords[(int)(t / 2) % chords.Length];
            double v = 0;
            foreach (double f in chord)
                for (int h = 1; h <= 4; h++)
                    v += 0.05 / h * Math.Sin(2 * Math.PI * f * h * t);
            double sinceBeat = t % beat;
            v += 0.4 * Math.Exp(-sinceBeat * 30) * Math.Sin(2 * Math.PI * 60 * sinceBeat);
            double sinceOffbeat = (t + beat / 2) % beat;
            v += 0.1 * Math.Exp(-sinceOffbeat * 80) * (random.NextDouble() * 2 - 1);
            y[i] = (float)v;
        }
        return y;
    }
}
