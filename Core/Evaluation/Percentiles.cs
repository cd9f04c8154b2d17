namespace TuneBot.Core.Evaluation;

/// <summary>The one percentile rule of the evaluations and benchmarks.</summary>
public static class Percentiles
{
    /// <summary>Nearest-rank percentile (the smallest value with at least p of the values at or below it); NaN when empty.</summary>
    public static double NearestRank(IEnumerable<double> values, double p)
    {
        var sorted = values.ToArray();
        if (sorted.Length == 0) return double.NaN;
        Array.Sort(sorted);
        int rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
