using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Core.Features;

public class MedianFilterTests
{
    /// <summary>Definition: sort the reflect-extended window and take its middle (scipy.ndimage.median_filter).</summary>
    private static float NaiveMedian(Func<int, float> line, int n, int i, int width)
    {
        var window = new float[width];
        for (int j = 0; j < width; j++) window[j] = line(MedianFilter.ReflectIndex(i + j - width / 2, n));
        Array.Sort(window);
        return window[width / 2];
    }

    private static float[] RandomMatrix(Random rng, int rows, int columns, int distinctValues)
    {
        var m = new float[rows * columns];
        for (int i = 0; i < m.Length; i++)
            m[i] = distinctValues > 0 ? rng.Next(distinctValues) * 0.25f : (float)rng.NextDouble() * 10f;
        return m;
    }

    public static TheoryData<int, int, int, int> Shapes => new()
    {
        // rows, columns, width, distinct values (0 = continuous; small = many ties)
        { 40, 20, 31, 0 },
        { 40, 20, 31, 3 },
        { 33, 17, 31, 2 },
        { 9, 8, 31, 4 },    // lines shorter than the half window: repeated reflection
        { 16, 9, 5, 3 },
        { 70, 23, 31, 1 },  // all equal
        { 64, 64, 31, 0 },
        { 5, 3, 31, 3 },    // below one SIMD block: scalar path
        { 12, 12, 1, 0 },   // width 1 is the identity
        { 3, 40, 7, 2 },
        { 1100, 20, 31, 3 }, // several 512-row segments of the time-direction strips, last strip overlapping
        { 600, 17, 31, 0 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AcrossRowsEqualsTheSortedWindowDefinition(int rows, int columns, int width, int distinct)
    {
        var rng = new Random(rows * 1000 + columns * 10 + width + distinct);
        var x = RandomMatrix(rng, rows, columns, distinct);
        var y = new float[x.Length];
        MedianFilter.AcrossRows(x, rows, columns, width, y);
        for (int c = 0; c < columns; c++)
            for (int r = 0; r < rows; r++)
            {
                float expected = NaiveMedian(i => x[i * columns + c], rows, r, width);
                Assert.True(expected == y[r * columns + c], $"[{r},{c}] expected {expected}, got {y[r * columns + c]}");
            }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AlongRowsEqualsTheSortedWindowDefinition(int rows, int columns, int width, int distinct)
    {
        var rng = new Random(rows * 999 + columns * 7 + width + distinct);
        var x = RandomMatrix(rng, rows, columns, distinct);
        var y = new float[x.Length];
        MedianFilter.AlongRows(x, rows, columns, width, y);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                float expected = NaiveMedian(i => x[r * columns + i], columns, c, width);
                Assert.True(expected == y[r * columns + c], $"[{r},{c}] expected {expected}, got {y[r * columns + c]}");
            }
    }

    [Fact]
    public void ReflectExtensionRepeatsTheEdgeSampleLikeScipy()
    {
        // scipy "reflect": d c b a | a b c d | d c b a
        int[] expected = [3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0, 0];
        for (int i = -4; i <= 8; i++) Assert.Equal(expected[i + 4], MedianFilter.ReflectIndex(i, 4));
        Assert.Equal(0, MedianFilter.ReflectIndex(-7, 1));
    }

    [Fact]
    public void ScipyReferenceValuesForAShortLine()
    {
        // Output of scipy 1.10: median_filter([[1, 5, 2, 8, 3, 9, 4]], size=(1, 5), mode="reflect").
        float[] x = [1, 5, 2, 8, 3, 9, 4];
        float[] expected = [2, 2, 3, 5, 4, 4, 4];
        var y = new float[7];
        MedianFilter.AlongRows(x, 1, 7, 5, y);
        Assert.Equal(expected, y);
    }

    [Fact]
    public void RejectsAnEvenWidth()
    {
        var x = new float[16];
        Assert.Throws<ArgumentOutOfRangeException>(() => MedianFilter.AcrossRows(x, 4, 4, 4, new float[16]));
    }
}
