using Xunit;

namespace TuneBot.Tests.Bot.EndToEnd;

/// <summary>A measurement, not a check: runs only with TUNEBOT_BENCH=1 (it takes minutes and loads both cores).</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public override string? Skip
    {
        get => Environment.GetEnvironmentVariable("TUNEBOT_BENCH") == "1" ? null : "benchmark: set TUNEBOT_BENCH=1";
        set { }
    }
}
