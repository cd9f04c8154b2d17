using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Core.Features;

/// <summary>Cell-by-cell comparison of our matrix with librosa's, with the figures a failure message needs.</summary>
public sealed record MatrixComparison(int Cells, int Within, double MaxAbsError, double MeanAbsError, double MaxRelError, int WorstRow, int WorstFrame)
{
    /// <summary>Largest absolute difference (alias of <see cref="MaxAbsError"/>).</summary>
    public double MaxError => MaxAbsError;

    /// <summary>Mean absolute difference (alias of <see cref="MeanAbsError"/>).</summary>
    public double MeanError => MeanAbsError;

    public double FractionWithin => Cells == 0 ? 1 : (double)Within / Cells;

    public override string ToString() =>
        $"{Within}/{Cells} cells within tolerance ({FractionWithin:P3}); max |error| {MaxAbsError:G4} at [{WorstRow},{WorstFrame}], " +
        $"mean |error| {MeanAbsError:G4}, max relative error {MaxRelError:G4}";

    /// <summary>|actual − expected| ≤ tolerance per cell; shapes must match.</summary>
    public static MatrixComparison Absolute(FeatureMatrix actual, FeatureMatrix expected, double tolerance) =>
        Compare(actual, expected, (a, e) => Math.Abs(a - e) <= tolerance);

    /// <summary>
    /// |actual − expected| ≤ tolerance · |expected| per cell, or ≤ <paramref name="floor"/> absolute (for cells that
    /// are numerically zero in both). The relative error reported skips cells with |expected| below the floor.
    /// </summary>
    public static MatrixComparison Relative(FeatureMatrix actual, FeatureMatrix expected, double tolerance, double floor = 0) =>
        Compare(actual, expected, (a, e) => Math.Abs(a - e) <= tolerance * Math.Abs(e) || Math.Abs(a - e) <= floor, floor);

    private static MatrixComparison Compare(FeatureMatrix actual, FeatureMatrix expected, Func<double, double, bool> ok, double relFloor = 0)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Frames, actual.Frames);
        int within = 0, worstR = 0, worstT = 0;
        double max = 0, sum = 0, maxRel = 0;
        for (int r = 0; r < expected.Rows; r++)
            for (int t = 0; t < expected.Frames; t++)
            {
                double e = expected[r, t], a = actual[r, t], err = Math.Abs(a - e);
                if (ok(a, e)) within++;
                sum += err;
                if (err > max) { max = err; worstR = r; worstT = t; }
                if (Math.Abs(e) > Math.Max(relFloor, 1e-30)) maxRel = Math.Max(maxRel, err / Math.Abs(e));
            }
        int cells = expected.Rows * expected.Frames;
        return new MatrixComparison(cells, within, max, sum / Math.Max(1, cells), maxRel, worstR, worstT);
    }
}
