using TuneBot.Core.Features;
using TuneBot.Core.Similarity;

namespace TuneBot.Core.Recommendation;

/// <summary>
/// Impostor cohort for <see cref="RecommenderOptions.HubCorrection"/>: how close each catalog track is, on
/// average, to clips that are NOT it. Subsequence DTW lets a track with flat, "average" frames match almost any
/// degraded clip (on the demo catalog one track was ranked first for 14 of the 18 hit@5 misses), so ranking by raw
/// distance favours such hubs; subtracting each track's cohort mean (z-norm/T-norm style score normalisation from
/// speaker verification, without the division) removes that head start.
/// </summary>
internal static class HubCohort
{
    /// <summary>
    /// Per track id: mean per-frame distance to the probes (excluding probes cut from the track itself) minus
    /// the mean of that over the catalog. Probes: half pink noise (full band and telephone band 300–3400 Hz,
    /// through the clip feature path), half 8 s windows from the middle of evenly spaced catalog tracks.
    /// Deterministic (fixed seeds); cost = <see cref="RecommenderOptions.HubProbes"/> DTW scans of the catalog.
    /// </summary>
    public static Dictionary<long, double> Baseline(SearchIndex index, IReadOnlyList<float[]> raws, RecommenderOptions options)
    {
        int k = Math.Max(2, options.HubProbes);
        var probes = new List<(FrameSequence Query, long? Owner)>();
        const int sr = 22050;
        for (int i = 0; i < k / 2; i++)
        {
            var noise = PinkNoise(8 * sr, seed: 1000 + i, telephoneBand: i % 2 == 1, sr);
            probes.Add((ClipFeatures.Compute(noise, sr, options).Query, null));
        }
        int windows = k - k / 2;
        int len = options.NormalisationWindowFrames;
        for (int i = 0; i < windows && index.Count > 0; i++)
        {
            int pos = (int)((long)i * index.Count / windows);
            int m = index.Sequences.FrameCount(pos);
            if (m < len) continue;
            int start = (m - len) / 2;
            // Indexed sequences are normalised over the whole track; prepare the raw window on its own, as a clip is.
            var slice = raws[pos].AsSpan(start * SearchFrames.Dims, len * SearchFrames.Dims).ToArray();
            var query = SearchFramePreparation.Prepare(slice, len, options.Normalisation, options.ChromaWeight, options.NormalisationWindowFrames);
            probes.Add((query, index.Tracks[pos].TrackId));
        }
        var sum = new Dictionary<long, double>();
        var count = new Dictionary<long, int>();
        var searchOptions = new SearchOptions { Band = options.Band, UseWindowIndex = false, MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism) };
        foreach (var (query, owner) in probes)
        {
            var response = index.Search(query, index.Count, null, searchOptions);
            foreach (var r in response.Results)
            {
                if (r.TrackId == owner || double.IsInfinity(r.DistancePerFrame)) continue;
                sum[r.TrackId] = sum.GetValueOrDefault(r.TrackId) + r.DistancePerFrame;
                count[r.TrackId] = count.GetValueOrDefault(r.TrackId) + 1;
            }
        }
        var mean = sum.ToDictionary(kv => kv.Key, kv => kv.Value / count[kv.Key]);
        double grand = mean.Count == 0 ? 0 : mean.Values.Average();
        return mean.ToDictionary(kv => kv.Key, kv => kv.Value - grand);
    }

    /// <summary>Pink noise (Paul Kellet's economy 1/f filter over white noise), optionally band-limited to
    /// 300–3400 Hz by one-pole high- and low-pass filters, peak-normalised to 0.5.</summary>
    private static float[] PinkNoise(int n, int seed, bool telephoneBand, int sr)
    {
        var rng = new Random(seed);
        var x = new float[n];
        double b0 = 0, b1 = 0, b2 = 0;
        for (int i = 0; i < n; i++)
        {
            double w = rng.NextDouble() * 2 - 1;
            b0 = 0.99765 * b0 + w * 0.0990460;
            b1 = 0.96300 * b1 + w * 0.2965164;
            b2 = 0.57000 * b2 + w * 1.0526913;
            x[i] = (float)(b0 + b1 + b2 + w * 0.1848);
        }
        if (telephoneBand)
        {
            double aHp = Math.Exp(-2 * Math.PI * 300.0 / sr), aLp = Math.Exp(-2 * Math.PI * 3400.0 / sr);
            double prevIn = 0, hp = 0, lp = 0;
            for (int i = 0; i < n; i++)
            {
                hp = aHp * (hp + x[i] - prevIn);
                prevIn = x[i];
                lp = (1 - aLp) * hp + aLp * lp;
                x[i] = (float)lp;
            }
        }
        float peak = 1e-9f;
        foreach (var v in x) peak = Math.Max(peak, Math.Abs(v));
        for (int i = 0; i < n; i++) x[i] *= 0.5f / peak;
        return x;
    }
}
