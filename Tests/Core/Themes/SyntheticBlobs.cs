namespace TuneBot.Tests.Core.Themes;

/// <summary>Gaussian blobs around random, well-separated centres (test data).</summary>
internal static class SyntheticBlobs
{
    public static (List<double[]> Points, int[] Truth) Make(int blobs, int perBlob, int dimensions, double separation, int seed)
    {
        var random = new Random(seed);
        var centres = new double[blobs][];
        for (int b = 0; b < blobs; b++)
        {
            // Centres drawn from N(0, separation²) in every dimension, so every feature carries structure (as in
            // summary vectors, where standardisation gives each feature equal weight). Redrawn while closer than
            // separation to an earlier centre, so blobs of unit noise never touch.
            do
            {
                centres[b] = new double[dimensions];
                for (int j = 0; j < dimensions; j++) centres[b][j] = separation * Gaussian(random);
            }
            while (Enumerable.Range(0, b).Any(o => Math.Sqrt(centres[o].Zip(centres[b], (x, y) => (x - y) * (x - y)).Sum()) < separation * 2));
        }
        var points = new List<double[]>();
        var truth = new List<int>();
        for (int i = 0; i < blobs * perBlob; i++)
        {
            int b = i % blobs;   // interleaved, so cluster order is not input order
            var p = new double[dimensions];
            for (int j = 0; j < dimensions; j++) p[j] = centres[b][j] + Gaussian(random);
            points.Add(p);
            truth.Add(b);
        }
        return (points, truth.ToArray());
    }

    public static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fraction of pairs on which two labelings agree (same/different cluster): the Rand index.</summary>
    public static double RandIndex(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        long agree = 0, total = 0;
        for (int i = 0; i < a.Count; i++)
            for (int j = i + 1; j < a.Count; j++)
            {
                total++;
                if ((a[i] == a[j]) == (b[i] == b[j])) agree++;
            }
        return (double)agree / total;
    }
}
