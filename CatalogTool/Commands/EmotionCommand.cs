using TuneBot.Core.Evaluation;
using CsvHelper;
using CsvHelper.Configuration;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using TuneBot.Core.Emotion;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>emotion "TEXT" [--json]</c>, <c>emotion --file TSV [--json]</c> and <c>emotion --bench [--file TSV]</c>:
/// classify text with the ONNX emotion model. JSON per text:
/// <c>{"label","confidence","scores":{"happy","sad","angry","anxious","neutral"},"elapsed_ms"}</c>; with
/// --file one object per line, in file order. Exit codes: 0 ok, 2 unusable input, 1 model/runtime failure.
/// </summary>
public static class EmotionCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var text = new Argument<string?>("text") { Description = "Text to classify (Korean or English).", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON only (one object per line with --file)." };
        var file = new Option<FileInfo?>("--file") { Description = "TSV file with a header row and a 'text' column." };
        var bench = new Option<bool>("--bench") { Description = "Measure per-text latency (p50/p90/p99) instead of printing results." };
        var repeat = new Option<int>("--repeat") { Description = "Benchmark passes over the texts.", DefaultValueFactory = _ => 5 };
        var command = new Command("emotion", "Classify the emotion of a text: happy, sad, angry, anxious or neutral.")
        {
            text, json, file, bench, repeat,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return Run(parse.GetValue(text), parse.GetValue(file), parse.GetValue(json), parse.GetValue(bench),
                Math.Max(1, parse.GetValue(repeat)), output, error);
        });
        return command;
    }

    private static int Run(string? text, FileInfo? file, bool json, bool bench, int repeat, TextWriter output, TextWriter error)
    {
        List<string> texts;
        if (file is not null)
        {
            if (text is not null)
            {
                error.WriteLine("emotion: give either TEXT or --file, not both");
                return 2;
            }
            if (!TryReadTexts(file.FullName, out texts, out var reason))
            {
                error.WriteLine($"emotion: {reason}");
                return 2;
            }
        }
        else if (text is not null)
        {
            texts = [text];
        }
        else if (bench)
        {
            texts = [.. BenchTexts];
        }
        else
        {
            error.WriteLine("emotion: give a TEXT or --file TSV");
            return 2;
        }

        EmotionClassifier classifier;
        try
        {
            classifier = EmotionClassifier.Open(ToolConfiguration.Emotion());
        }
        catch (EmotionRuntimeException e)
        {
            error.WriteLine($"emotion: {e.Message}");
            return 1;
        }
        using (classifier)
        {
            try
            {
                return bench ? Bench(classifier, texts, repeat, json, output) : Classify(classifier, texts, json, output);
            }
            catch (EmotionRuntimeException e)
            {
                error.WriteLine($"emotion: {e.Message}");
                return 1;
            }
            catch (IOException e)
            {
                error.WriteLine($"emotion: cannot write output: {e.Message}");
                return 1;
            }
        }
    }

    private static int Classify(EmotionClassifier classifier, List<string> texts, bool json, TextWriter output)
    {
        foreach (var t in texts)
        {
            var start = Stopwatch.GetTimestamp();
            var r = classifier.Classify(t);
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            output.WriteLine(json ? ToJson(r, ms) : ToText(r, ms));
        }
        return 0;
    }

    /// <summary>One result as the contract's JSON object (no trailing newline).</summary>
    public static string ToJson(EmotionResult r, double elapsedMs)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("label", EmotionLabels.Name(r.Label));
            w.WriteNumber("confidence", Math.Round(r.Confidence, 6));
            w.WriteStartObject("scores");
            foreach (var l in EmotionLabels.All) w.WriteNumber(EmotionLabels.Name(l), Math.Round(r.Scores[l], 6));
            w.WriteEndObject();
            w.WriteNumber("elapsed_ms", Math.Round(elapsedMs, 4));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string ToText(EmotionResult r, double ms)
    {
        var scores = string.Join(", ", EmotionLabels.All.Select(l =>
            string.Create(CultureInfo.InvariantCulture, $"{EmotionLabels.Name(l)} {r.Scores[l]:0.000}")));
        var note = r.Outcome == EmotionOutcome.NothingToClassify ? "nothing to classify, ask the user"
            : r.ShouldAskUser ? "low confidence, ask the user" : "confident";
        var truncated = r.Truncated ? ", truncated" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{EmotionLabels.Name(r.Label)} {r.Confidence:0.000} ({note}{truncated}) [{scores}] {ms:0.000} ms");
    }

    // Per-text latency: every text once per pass, after one warm-up pass; percentiles over all calls. Wall time
    // includes preemption by other processes on a busy host; the calling thread's CPU time
    // (CLOCK_THREAD_CPUTIME_ID) is the cost of the call itself on one core.
    private static int Bench(EmotionClassifier classifier, List<string> texts, int repeat, bool json, TextWriter output)
    {
        foreach (var t in texts) classifier.Classify(t);
        var wall = new double[texts.Count * repeat];
        var cpu = new double[wall.Length];
        var k = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var p = 0; p < repeat; p++)
        {
            foreach (var t in texts)
            {
                var cpu0 = ThreadCpuMicroseconds();
                var start = Stopwatch.GetTimestamp();
                classifier.Classify(t);
                wall[k] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                cpu[k++] = ThreadCpuMicroseconds() - cpu0;
            }
        }
        var allocated = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / wall.Length;
        Array.Sort(wall);
        Array.Sort(cpu);
        static double P(double[] a, double q) => Percentiles.NearestRank(a, q);
        var inv = CultureInfo.InvariantCulture;
        if (json)
        {
            output.WriteLine(string.Create(inv,
                $"{{\"texts\":{texts.Count},\"calls\":{wall.Length},\"wall_us\":{{\"mean\":{wall.Average():0.0},\"p50\":{P(wall, 0.5):0.0},\"p90\":{P(wall, 0.9):0.0},\"p99\":{P(wall, 0.99):0.0},\"max\":{wall[^1]:0.0}}},\"thread_cpu_us\":{{\"mean\":{cpu.Average():0.0},\"p50\":{P(cpu, 0.5):0.0},\"p90\":{P(cpu, 0.9):0.0},\"p99\":{P(cpu, 0.99):0.0},\"max\":{cpu[^1]:0.0}}},\"managed_bytes_per_call\":{allocated:0.0}}}"));
        }
        else
        {
            output.WriteLine(string.Create(inv,
                $"emotion latency over {wall.Length} calls ({texts.Count} texts x {repeat}):\n" +
                $"  wall       mean {wall.Average():0.0} us, p50 {P(wall, 0.5):0.0} us, p90 {P(wall, 0.9):0.0} us, p99 {P(wall, 0.99):0.0} us, max {wall[^1]:0.0} us\n" +
                $"  thread CPU mean {cpu.Average():0.0} us, p50 {P(cpu, 0.5):0.0} us, p90 {P(cpu, 0.9):0.0} us, p99 {P(cpu, 0.99):0.0} us, max {cpu[^1]:0.0} us\n" +
                $"  managed allocation {allocated:0.0} B/call"));
        }
        return 0;
    }

    private static unsafe double ThreadCpuMicroseconds()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        Timespec ts;
        return clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, &ts) == 0 ? ts.Seconds * 1e6 + ts.Nanoseconds / 1e3 : 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern unsafe int clock_gettime(int clock, Timespec* ts);

    /// <summary>
    /// Reads the <c>text</c> column of a tab-separated file with a header row. Fields may be quoted CSV-style
    /// ("" is a quote inside a quoted field, which may span lines), as the training TSVs are.
    /// </summary>
    public static bool TryReadTexts(string path, out List<string> texts, out string reason)
    {
        texts = [];
        if (!File.Exists(path))
        {
            reason = $"file not found: {path}";
            return false;
        }
        try
        {
            using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var config = new CsvConfiguration(CultureInfo.InvariantCulture)
            {
                Delimiter = "\t",
                BadDataFound = null,        // text after a closing quote is kept as text, as Python's csv module does
                MissingFieldFound = null,   // a short row has an empty text
            };
            using var csv = new CsvReader(reader, config);
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header || header is [""])
            {
                reason = $"{path} is empty (expected a header row with a 'text' column)";
                return false;
            }
            var column = Array.FindIndex(header, h => string.Equals(h.Trim(), "text", StringComparison.OrdinalIgnoreCase));
            if (column < 0)
            {
                reason = $"{path} has no 'text' column in its header row";
                return false;
            }
            while (csv.Read())
                texts.Add(csv.TryGetField<string>(column, out var text) ? text ?? "" : "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CsvHelperException)
        {
            reason = $"cannot read {path}: {e.Message}";
            return false;
        }
        reason = "";
        return true;
    }

    private static readonly string[] BenchTexts =
    [
        "오늘 정말 행복해요!", "너무 슬퍼서 눈물이 나요 ㅠㅠ", "진짜 짜증나 왜 이렇게 해?", "내일 발표 때문에 너무 불안해",
        "회의는 오후 세 시에 시작해요", "I am so happy today!", "My dog died yesterday and I can't stop crying",
        "This is absolutely disgusting", "I'm really nervous about the exam tomorrow", "The meeting starts at 3pm.",
    ];
}
