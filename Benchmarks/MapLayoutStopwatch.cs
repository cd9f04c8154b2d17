using System.Diagnostics;
using System.Globalization;
using TuneBot.Core.Map;
using TuneBot.Core.Themes;
using TuneBot.Core.Features;

namespace TuneBot.Benchmarks;

/// <summary>
/// Stopwatch timing of the catalog map's layouts (exact t-SNE and PCA) on generated catalogs of summary-vector
/// length, one thread: the numbers behind <see cref="MapLayout.TsneMaxTracks"/>.
/// </summary>
public static class MapLayoutStopwatch
{
    public static void Run(IReadOnlyList<int> sizes)
    {
        Tsne.Embed(Catalog(50, 1));   // JIT warm-up
        foreach (int n in sizes)
        {
            var points = Catalog(n, n);
            var clock = Stopwatch.StartNew();
            Tsne.Embed(points);
            double tsne = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var pca = Pca.Fit(points);
            foreach (var p in points) pca.Project(p);
            double pcaSeconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{n,6} tracks: t-SNE {tsne,7:F2} s   PCA {pcaSeconds,6:F3} s"));
        }
    }

    /// <summary>Twelve standardised-looking themes of Gaussian noise around random centres.</summary>
    private static List<double[]> Catalog(int n, int seed)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var centres = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, FeatureSummary.Length).Select(_ => Gaussian()).ToArray()).ToArray();
        return Enumerable.Range(0, n).Select(i => centres[i % 12].Select(c => c + 0.7 * Gaussian()).ToArray()).ToList();
    }
}
