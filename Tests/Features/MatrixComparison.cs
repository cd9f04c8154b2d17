using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Features;

/// <summary>Cell-by-cell comparison of our matrix with librosa's, with the figures a failure message needs.</summary>
public sealed record MatrixComparison(int Cells, int Within, double MaxError, double MeanError, int WorstRow, int WorstFrame)
{
    public double FractionWithin => Cells == 0 ? 1 : (double)Within / Cells;

    public override string ToString() =>
        $"{Within}/{Cells} cells within tolerance ({FractionWithin:P3}), max error {MaxError:G4} at [{WorstRow},{WorstFrame}], mean error {MeanError:G4}";

    /// <summary>|actual − expected| ≤ tolerance per cell; shapes must match.</summary>
    public static MatrixComparison Absolute(FeatureMatrix actual, FeatureMatrix expected, double tolerance) =>
        Compare(actual, expected, tolerance, relative: false);

    /// <summary>|actual − expected| ≤ tolerance · |expected| per cell, or ≤ <paramref name="floor"/> absolute.</summary>
    public static MatrixComparison Relative(FeatureMatrix actual, FeatureMatrix expected, double tolerance, double floor = 0) =>
        Compare(actual, expected, tolerance, relative: true, floor);

    private static MatrixComparison Compare(FeatureMatrix actual, FeatureMatrix expected, double tolerance, bool relative, double floor = 0)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Frames, actual.Frames);
        int within = 0, worstR = 0, worstT = 0;
        double max = 0, sum = 0;
        for (int r = 0; r < expected.Rows; r++)
            for (int t = 0; t < expected.Frames; t++)
            {
                double e = expected[r, t], a = actual[r, t];
                double err = relative ? Math.Abs(a - e) / Math.Max(Math.Abs(e), 1e-30) : Math.Abs(a - e);
                bool ok = relative ? Math.Abs(a - e) <= tolerance * Math.Abs(e) || Math.Abs(a - e) <= floor : err <= tolerance;
                if (ok) within++;
                if (Math.Abs(a - e) <= floor) err = 0;
                sum += err;
                if (err > max) { max = err; worstR = r; worstT = t; }
            }
        return new MatrixComparison(expected.Rows * expected.Frames, within, max, sum / Math.Max(1, expected.Rows * expected.Frames), worstR, worstT);
    }
}
