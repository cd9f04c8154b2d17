using TuneBot.Core.Evaluation;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using TuneBot.Core.Emotion;

namespace TuneBot.Benchmarks;

/// <summary>
/// Per-call latency (p50/p99) and managed allocation of <see cref="EmotionClassifier.Classify(string)"/> on one
/// thread. p99 needs every call timed, which BenchmarkDotNet does not report, hence a stopwatch loop; run it
/// pinned to one core (<c>taskset -c 0</c>). On a loaded host the wall-clock p99 is the scheduler's time slice, so
/// each call's thread CPU time is reported too: it leaves out the time the thread waited for the core.
/// </summary>
internal static partial class EmotionStopwatch
{
    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out Timespec time);

    private static long ThreadCpuNanoseconds()
    {
        ClockGetTime(ClockThreadCpuTime, out var t);
        return t.Seconds * 1_000_000_000 + t.Nanoseconds;
    }

    // Korean, English and mixed messages of the lengths users send (3 to ~60 code points); no emoji-only text,
    // which is answered from a table without the model.
    private static readonly string[] Texts =
    [
        "오늘 정말 행복해요!",
        "I am so happy today, this is wonderful!",
        "진짜 짜증나고 화가 난다",
        "I miss her so much, I've been crying all night",
        "내일 발표 때문에 너무 긴장돼요",
        "오늘 너무 happy 해요 ㅎㅎ",
        "just another ordinary tuesday at the office, nothing much going on",
        "ok",
    ];

    public static void Run(int calls, int rounds)
    {
        using var classifier = EmotionClassifier.Open();
        Console.WriteLine($"ONNX Runtime {classifier.RuntimeVersion}, model {classifier.ModelPath}");
        for (var i = 0; i < 2000; i++) classifier.Classify(Texts[i % Texts.Length]);

        var ticks = new long[calls];
        var cpu = new long[calls];
        var all = new List<double>(calls * rounds);
        var allCpu = new List<double>(calls * rounds);
        long allocated = 0;
        for (var r = 0; r < rounds; r++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < calls; i++)
            {
                var text = Texts[i % Texts.Length];
                var c0 = ThreadCpuNanoseconds();
                var t0 = Stopwatch.GetTimestamp();
                classifier.Classify(text);
                ticks[i] = Stopwatch.GetTimestamp() - t0;
                cpu[i] = ThreadCpuNanoseconds() - c0;
            }
            var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
            allocated += bytes;
            var us = ticks.Select(t => t * 1e6 / Stopwatch.Frequency).ToArray();
            var cpuUs = cpu.Select(c => c / 1e3).ToArray();
            all.AddRange(us);
            allCpu.AddRange(cpuUs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {r + 1}: p50 {Percentile(us, 0.50):F1} µs, p99 {Percentile(us, 0.99):F1} µs, " +
                $"cpu p50 {Percentile(cpuUs, 0.50):F1} µs, cpu p99 {Percentile(cpuUs, 0.99):F1} µs, {(double)bytes / calls:F1} B/call"));
        }
        var total = all.ToArray();
        var totalCpu = allCpu.ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"all {calls * rounds} calls: p50 {Percentile(total, 0.50):F1} µs, p99 {Percentile(total, 0.99):F1} µs, " +
            $"cpu p50 {Percentile(totalCpu, 0.50):F1} µs, cpu p99 {Percentile(totalCpu, 0.99):F1} µs, " +
            $"{(double)allocated / (calls * rounds):F1} B/call"));
    }

    private static double Percentile(double[] values, double q) => Percentiles.NearestRank(values, q);
}
