using TuneBot.Core.Themes;

namespace TuneBot.Core.Similarity;

/// <summary>
/// "Tracks like this one": whole tracks compared by their feature summaries (timbre, harmony, brightness, loudness,
/// tempo statistics), z-scored per dimension over the catalog, Manhattan distance, then mutual proximity (Schnitzer et
/// al. 2012) so that a track near everything — a hub — does not top every list. Figures: docs/retrieval.md.
/// </summary>
public sealed class SummarySimilarity
{
    /// <summary>Others a track's distance distribution is estimated from (all of them in a catalog this small or smaller).</summary>
    public const int DistributionSample = 512;

    /// <summary>Distances computed at build at most, so a million-track catalog still loads in seconds (64 others each).</summary>
    public const long BuildDistanceBudget = 64_000_000;

    /// <summary>The fewest others a distribution is estimated from, whatever the catalog's size.</summary>
    public const int MinimumSample = 64;

    private readonly long[] _ids;
    private readonly Dictionary<long, int> _position;
    private readonly float[] _z;
    private readonly int _dims;
    private readonly double[] _mean;
    private readonly double[] _std;

    private SummarySimilarity(long[] ids, float[] z, int dims, double[] mean, double[] std)
    {
        _ids = ids;
        _z = z;
        _dims = dims;
        _mean = mean;
        _std = std;
        _position = new Dictionary<long, int>(ids.Length);
        for (int i = 0; i < ids.Length; i++) _position[ids[i]] = i;
    }

    /// <summary>Tracks compared.</summary>
    public int Count => _ids.Length;

    /// <summary>Whether <paramref name="trackId"/> has a summary here.</summary>
    public bool Contains(long trackId) => _position.ContainsKey(trackId);

    /// <summary>
    /// Builds the comparison from every track's summary vector; vectors whose length differs from the most common
    /// length (an older analysis) are left out.
    /// </summary>
    public static SummarySimilarity Build(IReadOnlyDictionary<long, double[]> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        int dims = summaries.Count == 0 ? 0 : summaries.Values.GroupBy(v => v.Length).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
        var usable = summaries.Where(s => s.Value.Length == dims && s.Value.All(double.IsFinite)).OrderBy(s => s.Key).ToList();
        int n = usable.Count;
        var ids = usable.Select(s => s.Key).ToArray();
        var z = new float[n * dims];
        if (n > 0)
        {
            var standardizer = Standardizer.Fit(usable.Select(u => u.Value).ToList());
            for (int i = 0; i < n; i++)
            {
                var row = standardizer.Transform(usable[i].Value);
                for (int j = 0; j < dims; j++) z[i * dims + j] = (float)row[j];
            }
        }

        var mean = new double[n];
        var std = new double[n];
        int sample = (int)Math.Min(n - 1L, Math.Clamp(BuildDistanceBudget / Math.Max(1, n), MinimumSample, DistributionSample));
        for (int i = 0; i < n && sample > 0; i++)
        {
            // Evenly spread others, the same on every build, so rankings are reproducible.
            double sum = 0, sumSq = 0;
            for (int s = 0; s < sample; s++)
            {
                int other = (i + 1 + (int)((long)s * (n - 1) / sample)) % n;
                double d = Distance(z, dims, i, other);
                sum += d;
                sumSq += d * d;
            }
            mean[i] = sum / sample;
            std[i] = Math.Sqrt(Math.Max(0, sumSq / sample - mean[i] * mean[i]));
        }
        return new SummarySimilarity(ids, z, dims, mean, std);
    }

    /// <summary>
    /// Other tracks, most alike first (ties by id), without <paramref name="excluded"/>; empty when the track has no
    /// summary here.
    /// </summary>
    public IReadOnlyList<long> Rank(long trackId, IReadOnlySet<long>? excluded = null)
    {
        if (!_position.TryGetValue(trackId, out int q)) return [];
        var scored = new List<(double Score, long Id)>(_ids.Length);
        for (int i = 0; i < _ids.Length; i++)
        {
            if (i == q || excluded?.Contains(_ids[i]) == true) continue;
            double d = Distance(_z, _dims, q, i);
            // Mutual proximity: how unlikely a distance this short is from both tracks' points of view.
            double score = 1 - (1 - NormalCdf(d, _mean[q], _std[q])) * (1 - NormalCdf(d, _mean[i], _std[i]));
            scored.Add((score, _ids[i]));
        }
        scored.Sort();
        return scored.Select(s => s.Id).ToList();
    }

    private static double Distance(float[] z, int dims, int a, int b)
    {
        double s = 0;
        var x = z.AsSpan(a * dims, dims);
        var y = z.AsSpan(b * dims, dims);
        for (int j = 0; j < dims; j++) s += Math.Abs(x[j] - y[j]);
        return s;
    }

    private static double NormalCdf(double x, double mean, double std) =>
        std <= 0 ? (x < mean ? 0 : 1) : 0.5 * Erfc(-(x - mean) / (std * Math.Sqrt(2)));

    // Numerical Recipes' erfc (Chebyshev fit, relative error below 1.2e-7): the BCL has none.
    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
                   t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
