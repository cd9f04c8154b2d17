using TuneBot.Core.Evaluation;
using Xunit;

namespace TuneBot.Tests.Core.Evaluation;

public class PercentilesTests
{
    [Theory]
    [InlineData(0.50, 5)]
    [InlineData(0.95, 10)]
    [InlineData(0.10, 1)]
    [InlineData(0.11, 2)]
    [InlineData(0.00, 1)]
    [InlineData(1.00, 10)]
    public void Nearest_rank_of_one_to_ten_in_any_order(double p, double expected)
    {
        double[] values = [7, 3, 10, 1, 5, 9, 2, 8, 4, 6];
        Assert.Equal(expected, Percentiles.NearestRank(values, p));
        Assert.Equal([7, 3, 10, 1, 5, 9, 2, 8, 4, 6], values);   // the caller's array is not sorted in place
    }

    [Fact]
    public void Empty_is_NaN() => Assert.True(double.IsNaN(Percentiles.NearestRank([], 0.5)));
}
