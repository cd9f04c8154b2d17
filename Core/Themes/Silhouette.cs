namespace TuneBot.Core.Themes;

/// <summary>
/// Silhouette coefficient (Rousseeuw 1987) with Euclidean distances: for point i, a = mean distance to the other
/// members of its cluster, b = smallest mean distance to the members of another cluster, s = (b − a) / max(a, b);
/// s = 0 for a point alone in its cluster (scikit-learn's convention). The score is the mean s.
/// </summary>
public static class Silhouette
{
    /// <summary>
    /// Above this many points the score is estimated from a seeded uniform sample of this many points, each still
    /// measured exactly against ALL points (unlike scikit-learn's sample_size, which also shrinks the reference
    /// set): an unbiased estimate of the mean with a standard error of about σ/√2000 ≤ 0.02, at O(2000·n·d)
    /// instead of O(n²·d).
    /// </summary>
    public const int DefaultSampleSize = 2000;

    /// <summary>
    /// Mean silhouette of <paramref name="points"/> labelled 0…k−1 by <paramref name="labels"/>. Exact when
    /// n ≤ <paramref name="sampleSize"/>, otherwise estimated (see <see cref="DefaultSampleSize"/>). Returns 0 when
    /// there are fewer than 2 clusters (the coefficient is undefined there).
    /// </summary>
    public static double Score(IReadOnlyList<double[]> points, IReadOnlyList<int> labels, int sampleSize = DefaultSampleSize, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(labels);
        int n = points.Count;
        if (labels.Count != n) throw new ArgumentException("One label per point is needed.", nameof(labels));
        if (n == 0) return 0;
        int k = labels.Max() + 1;
        if (labels.Distinct().Count() < 2) return 0;

        int[] sample;
        if (n <= sampleSize) sample = Enumerable.Range(0, n).ToArray();
        else
        {
            // Partial Fisher–Yates: the first sampleSize entries are a uniform sample without replacement.
            var order = Enumerable.Range(0, n).ToArray();
            var random = new Random(seed);
            for (int i = 0; i < sampleSize; i++)
            {
                int j = random.Next(i, n);
                (order[i], order[j]) = (order[j], order[i]);
            }
            sample = order[..sampleSize];
        }

        var sizes = new int[k];
        foreach (var l in labels) sizes[l]++;
        var values = new double[sample.Length];
        Parallel.For(0, sample.Length, () => new double[k], (s, _, sums) =>
        {
            values[s] = PointValue(points, labels, sizes, sample[s], sums);
            return sums;
        }, _ => { });
        return values.Average();
    }

    /// <summary>Silhouette value of every point (exact, O(n²·d)).</summary>
    public static double[] Values(IReadOnlyList<double[]> points, IReadOnlyList<int> labels)
    {
        int k = labels.Count == 0 ? 0 : labels.Max() + 1;
        var sizes = new int[k];
        foreach (var l in labels) sizes[l]++;
        var sums = new double[k];
        var result = new double[points.Count];
        for (int i = 0; i < points.Count; i++) result[i] = PointValue(points, labels, sizes, i, sums);
        return result;
    }

    private static double PointValue(IReadOnlyList<double[]> points, IReadOnlyList<int> labels, int[] sizes, int i, double[] sums)
    {
        int own = labels[i];
        if (sizes[own] <= 1) return 0;
        Array.Clear(sums);
        var p = points[i];
        for (int j = 0; j < points.Count; j++)
            if (j != i) sums[labels[j]] += VectorMath.Distance(p, points[j]);
        double a = sums[own] / (sizes[own] - 1);
        double b = double.PositiveInfinity;
        for (int c = 0; c < sizes.Length; c++)
            if (c != own && sizes[c] > 0) b = Math.Min(b, sums[c] / sizes[c]);
        if (double.IsPositiveInfinity(b)) return 0;
        double denominator = Math.Max(a, b);
        return denominator == 0 ? 0 : (b - a) / denominator;
    }
}
