using System.Diagnostics;

namespace TuneBot.CatalogTool.Commands;

/// <summary>Timings of repeated runs of one operation: wall clock, CPU time and managed allocation per run.</summary>
public sealed record BenchTiming(double[] WallMs, double[] CpuMs, long[] AllocatedBytes)
{
    /// <summary>Fastest run, ms.</summary>
    public double MinMs => WallMs.Min();

    /// <summary>Median run, ms.</summary>
    public double MedianMs => Median(WallMs);

    /// <summary>Median CPU time per run, ms: this process plus the child processes it waited for (ffmpeg), so
    /// ≈ wall time when the operation runs on one thread of an otherwise idle machine.</summary>
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
        for (int i = 0; i < repeat; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            double cpuBefore = CpuMilliseconds();
            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            run();
            wall[i] = clock.Elapsed.TotalMilliseconds;
            allocated[i] = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
            cpu[i] = CpuMilliseconds() - cpuBefore;
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
        for (int i = 0; i < repeat; i++)
        {
            GC.Collect();
            double cpuBefore = CpuMilliseconds();
            long allocBefore = GC.GetTotalAllocatedBytes(precise: false);
            var clock = Stopwatch.StartNew();
            await run();
            wall[i] = clock.Elapsed.TotalMilliseconds;
            allocated[i] = GC.GetTotalAllocatedBytes(precise: false) - allocBefore;
            cpu[i] = CpuMilliseconds() - cpuBefore;
        }
        return new BenchTiming(wall, cpu, allocated);
    }

    /// <summary>
    /// CPU time used so far by this process and its reaped children, ms. On Linux from /proc/self/stat (utime,
    /// stime, cutime, cstime, in USER_HZ ticks, which the kernel ABI fixes at 100 per second, so 10 ms resolution);
    /// elsewhere this process only.
    /// </summary>
    public static double CpuMilliseconds()
    {
        try
        {
            string stat = File.ReadAllText("/proc/self/stat");
            // Fields after "(comm)": state is index 0, so utime..cstime are 11..14.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            long ticks = long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            return ticks * 10.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime.TotalMilliseconds;
        }
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        int n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
