using System.Diagnostics;

namespace TuneBot.Ingest.Commands;

/// <summary>Timings of repeated runs of one operation: wall clock, CPU time and managed allocation per run.</summary>
public sealed record BenchTiming(double[] WallMs, double[] CpuMs, long[] AllocatedBytes)
{
    /// <summary>Fastest run, ms.</summary>
    public double MinMs => WallMs.Min();

    /// <summary>Median run, ms.</summary>
    public double MedianMs => Median(WallMs);

    /// <summary>Median process CPU time per run, ms (≈ wall time when the operation runs on one thread).</summary>
    public double MedianCpuMs => Median(CpuMs);

    /// <summary>Median bytes allocated on the managed heap per run (this thread only).</summary>
    public double MedianAllocatedBytes => Median(AllocatedBytes.Select(b => (double)b).ToArray());

    /// <summary>
    /// Runs <paramref name="run"/> <paramref name="repeat"/> times on the calling thread, after a full garbage
    /// collection each time so that one run's garbage is not billed to the next.
    /// </summary>
    public static BenchTiming Measure(int repeat, Action run)
    {
        repeat = Math.Max(1, repeat);
        var wall = new double[repeat];
        var cpu = new double[repeat];
        var allocated = new long[repeat];
        using var self = Process.GetCurrentProcess();
        for (int i = 0; i < repeat; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            run();
            wall[i] = clock.Elapsed.TotalMilliseconds;
            allocated[i] = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
            self.Refresh();
            cpu[i] = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        }
        return new BenchTiming(wall, cpu, allocated);
    }

    /// <summary>Async variant of <see cref="Measure"/> (e.g. for a decode through ffmpeg).</summary>
    public static async Task<BenchTiming> MeasureAsync(int repeat, Func<Task> run)
    {
        repeat = Math.Max(1, repeat);
        var wall = new double[repeat];
        var cpu = new double[repeat];
        var allocated = new long[repeat];
        using var self = Process.GetCurrentProcess();
        for (int i = 0; i < repeat; i++)
        {
            GC.Collect();
            self.Refresh();
            var cpuBefore = self.TotalProcessorTime;
            long allocBefore = GC.GetTotalAllocatedBytes(precise: false);
            var clock = Stopwatch.StartNew();
            await run();
            wall[i] = clock.Elapsed.TotalMilliseconds;
            allocated[i] = GC.GetTotalAllocatedBytes(precise: false) - allocBefore;
            self.Refresh();
            cpu[i] = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        }
        return new BenchTiming(wall, cpu, allocated);
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
