using TuneBot.Core.Audio;
using TuneBot.Core.Storage;
using TuneBot.Core.Recommendation;

namespace TuneBot.Core.Evaluation;

/// <summary>Settings of a snippet evaluation.</summary>
public sealed record SnippetEvaluationOptions
{
    /// <summary>Snippets cut (default 200).</summary>
    public int Count { get; init; } = 200;
    /// <summary>Snippet length, seconds (default 8).</summary>
    public double Seconds { get; init; } = 8;
    public Degradation Degrade { get; init; } = Degradation.All;
    /// <summary>Seed of every random choice: tracks, start times, degradations.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Extra clips of degraded pink noise alone (no music), to calibrate the "no confident match" distance.</summary>
    public int Negatives { get; init; }
    /// <summary>Extra snippets searched with their own track left out, as songs the catalog lacks: the case the
    /// "no confident match" answer is for, and the one most users' recordings are.</summary>
    public int Outsiders { get; init; }
    /// <summary>Results asked for per clip (default 30: what the bot asks for, 3 pages of 10), so latency and the
    /// reply theme are the bot's, and a miss reports how far down its track was.</summary>
    public int Results { get; init; } = 30;
}

/// <summary>One evaluated snippet.</summary>
/// <param name="Rank">1-based rank of the source track among the <see cref="SnippetEvaluationOptions.Results"/>
/// results, 0 when absent (or a negative clip).</param>
/// <param name="TrueCluster">The source track's cluster in the live run (null for negatives or unassigned tracks).</param>
/// <param name="OpusKbps">Bitrate of the Opus round trip, 0 when none.</param>
/// <param name="Negative">Noise alone, or an outsider: nothing in the searched catalog is the right answer.</param>
/// <param name="Outsider">A snippet of a catalog track searched with that track left out (a song the catalog lacks).</param>
public sealed record SnippetOutcome(long TrackId, double StartSeconds, int? TrueCluster, int Rank, int OpusKbps, bool Negative,
    RecommendationResult Result, bool Outsider = false);

/// <summary>Aggregates of a snippet evaluation.</summary>
public sealed class SnippetEvaluationReport
{
    public required IReadOnlyList<SnippetOutcome> Snippets { get; init; }
    /// <summary>Planned snippets not evaluated because the excerpt itself is silent (peak below −60 dBFS).</summary>
    public int SilentSkipped { get; init; }
    private IEnumerable<SnippetOutcome> Positives => Snippets.Where(s => !s.Negative);
    /// <summary>Positive snippets that produced results.</summary>
    public int Answered => Positives.Count(s => s.Result.HasResults);
    public int Count => Positives.Count();
    public double HitAt1 => Rate(s => s.Rank == 1);
    public double HitAt5 => Rate(s => s.Rank is >= 1 and <= 5);
    /// <summary>A wrong first answer given as confident (a "no confident match" is not wrong: the bot says it is unsure).</summary>
    public double WrongFirst => Rate(s => s.Rank != 1 && s.Result.Outcome == RecommendationOutcome.Ok);
    /// <summary>Positive snippets whose first answer the landmark stage confirmed.</summary>
    public double IdentifiedByLandmarks => Rate(s => s.Result.IdentifiedBy == IdentificationMethod.Landmarks);
    /// <summary>Noise clips and outsiders (nothing right to find) the landmark stage still "identified".</summary>
    public int FalseLandmarkIdentifications => Snippets.Count(s => s.Negative && s.Result.IdentifiedBy == IdentificationMethod.Landmarks);
    /// <summary>The clip's nearest centroid (its own summary) is its track's cluster.</summary>
    public double NearestCentroidAgreement => Rate(s => s.TrueCluster is int c && s.Result.PredictedClusterId == c);
    /// <summary>The reply's theme (from the best matches) is the track's cluster.</summary>
    public double ThemeAgreement => Rate(s => s.TrueCluster is int c && s.Result.ThemeClusterId == c);
    /// <summary>The vote of the nearest 8 s windows is the track's cluster.</summary>
    public double WindowVoteAgreement => Rate(s => s.TrueCluster is int c && s.Result.WindowVoteClusterId == c);
    public double SearchP50Ms => Percentile(Positives.Where(s => s.Result.HasResults).Select(s => s.Result.Elapsed.SearchMs), 0.50);
    public double SearchP95Ms => Percentile(Positives.Where(s => s.Result.HasResults).Select(s => s.Result.Elapsed.SearchMs), 0.95);
    public double FeaturesP50Ms => Percentile(Positives.Where(s => s.Result.HasResults).Select(s => s.Result.Elapsed.FeaturesMs), 0.50);
    /// <summary>Best distance of correct top-1 answers (p50, p95, max) and of negatives (min, p50): the gap sets the confidence threshold.</summary>
    public (double P50, double P95, double Max) HitDistances
    {
        get
        {
            var d = Positives.Where(s => s.Rank == 1).Select(s => s.Result.Tracks[0].Distance).ToList();
            return (Percentile(d, 0.5), Percentile(d, 0.95), d.Count == 0 ? double.NaN : d.Max());
        }
    }
    public (double Min, double P50) NegativeDistances
    {
        get
        {
            var d = Snippets.Where(s => s.Negative && !s.Outsider && s.Result.HasResults).Select(s => s.Result.Tracks[0].Distance).ToList();
            return (d.Count == 0 ? double.NaN : d.Min(), Percentile(d, 0.5));
        }
    }
    /// <summary>Best distance of outsiders (songs the catalog lacks): p5, p50.</summary>
    public (double P5, double P50) OutsiderDistances
    {
        get
        {
            var d = Outsiders.Select(s => s.Result.Tracks[0].Distance).ToList();
            return (Percentile(d, 0.05), Percentile(d, 0.5));
        }
    }
    /// <summary>Outsiders that produced results.</summary>
    public int OutsiderCount => Outsiders.Count();
    /// <summary>Share of outsiders answered "no confident match" (the bot then says the song itself was not found).</summary>
    public double OutsidersFlagged => OutsiderCount == 0 ? double.NaN : Outsiders.Count(s => s.Result.Outcome == RecommendationOutcome.NoConfidentMatch) / (double)OutsiderCount;
    /// <summary>Share of correct first answers also answered as confident (not wrongly told "not found").</summary>
    public double HitsConfident
    {
        get
        {
            var hits = Positives.Where(s => s.Rank == 1).ToList();
            return hits.Count == 0 ? double.NaN : hits.Count(s => s.Result.Outcome == RecommendationOutcome.Ok) / (double)hits.Count;
        }
    }
    private IEnumerable<SnippetOutcome> Outsiders => Snippets.Where(s => s.Outsider && s.Result.HasResults && s.Result.Tracks.Count > 0);

    private double Rate(Func<SnippetOutcome, bool> hit)
    {
        int n = Count;
        return n == 0 ? double.NaN : Positives.Count(hit) / (double)n;
    }

    private static double Percentile(IEnumerable<double> values, double p) => Percentiles.NearestRank(values, p);
}

/// <summary>
/// <c>eval snippets</c>: random snippets of catalog tracks (decoded from the track files, cut), degraded the way a
/// phone recording reaches Telegram (<see cref="PhoneDegradation"/>, <see cref="OpusRoundTrip"/>), reproducibly
/// from the seed, and queried through the same <see cref="Recommender"/> the bot uses.
/// </summary>
public static class SnippetEvaluation
{
    /// <summary>Runs the evaluation. Tracks whose file cannot be decoded any more are skipped (their snippets dropped).</summary>
    /// <param name="progress">Called after each snippet with (done, total).</param>
    /// <exception cref="InvalidOperationException">The catalog cannot be searched (the recommender's reason), or ffmpeg failed.</exception>
    public static async Task<SnippetEvaluationReport> RunAsync(CatalogDatabase db, Recommender recommender, SnippetEvaluationOptions options,
        Action<int, int>? progress = null, CancellationToken ct = default)
        => (await RunAsync(db, [recommender], options, progress, ct))[0];

    /// <summary>As above for several recommender configurations on the very same degraded snippets (one report each,
    /// in order), so search choices are compared without the sampling noise of different snippets.</summary>
    public static async Task<IReadOnlyList<SnippetEvaluationReport>> RunAsync(CatalogDatabase db, IReadOnlyList<Recommender> recommenders,
        SnippetEvaluationOptions options, Action<int, int>? progress = null, CancellationToken ct = default)
    {
        foreach (var rec in recommenders)
        {
            var failure = await rec.RefreshAsync(ct);
            if (failure is not null) throw new InvalidOperationException(failure.Reason);
        }
        var recommender = recommenders[0];
        var live = recommender.Clusters!;
        var assignments = (await new ClusterStore(db).GetAssignmentsAsync(live.Run.Id, ct)).ToDictionary(a => a.TrackId, a => a.ClusterId);
        var tracks = (await new TrackStore(db).ListAsync(ct)).Where(t => t.DurationSeconds >= options.Seconds + 0.5).OrderBy(t => t.Id).ToList();
        if (tracks.Count == 0) throw new InvalidOperationException($"No catalog track is longer than {options.Seconds} s.");

        // Every random choice of the plan comes from the seed, before any audio is touched.
        var rng = new Random(options.Seed);
        // Outsiders come after the positives in the plan, so adding them leaves the positives' snippets unchanged.
        var plan = new List<(int Index, CatalogTrack Track, double Start)>();
        for (int i = 0; i < options.Count + options.Outsiders; i++)
        {
            var track = tracks[rng.Next(tracks.Count)];
            double usable = Math.Min(track.DurationSeconds, 600) - options.Seconds - 0.25;
            plan.Add((i, track, Math.Max(0, rng.NextDouble() * usable)));
        }

        var decoder = new AudioDecoder();
        var opus = new OpusRoundTrip(decoder: decoder);
        var all = recommenders.Select(_ => new SnippetOutcome?[options.Count + options.Outsiders + options.Negatives]).ToArray();
        int done = 0, total = all[0].Length, silentSkipped = 0;
        int wanted = Math.Max(5, options.Results); // hit@5 needs at least 5
        const int sr = 22050;
        int length = (int)Math.Round(options.Seconds * sr);
        foreach (var group in plan.GroupBy(p => p.Track.Id))
        {
            var track = group.First().Track;
            var decoded = await decoder.DecodeAsync(track.Path, DecodeOptions.Ingest, ct);
            if (!decoded.Success) { done += group.Count(); continue; }
            var samples = decoded.Audio!.Samples;
            foreach (var (index, _, start) in group)
            {
                int from = (int)Math.Round(start * sr);
                if (from + length > samples.Length) from = Math.Max(0, samples.Length - length);
                var clip = samples.AsSpan(from, Math.Min(length, samples.Length - from)).ToArray();
                // A silent stretch of a track (an intro, a gap) is not something a user records: not counted.
                if (clip.Length == 0 || Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(clip)) < 1e-3f)
                {
                    Interlocked.Increment(ref silentSkipped);
                    progress?.Invoke(++done, total);
                    continue;
                }
                var (degraded, kbps) = await DegradeAsync(clip, sr, options, index, opus, ct);
                bool outsider = index >= options.Count;
                for (int v = 0; v < recommenders.Count; v++)
                {
                    var result = outsider
                        ? await recommenders[v].RecommendExcludingAsync(degraded, sr, track.Id, wanted, ct)
                        : await recommenders[v].RecommendAsync(degraded, sr, wanted, ct);
                    int rank = 0;
                    for (int r = 0; r < result.Tracks.Count; r++) if (result.Tracks[r].Track.Id == track.Id) { rank = r + 1; break; }
                    all[v][index] = new SnippetOutcome(track.Id, from / (double)sr, assignments.TryGetValue(track.Id, out int c) ? c : null, rank, kbps,
                        Negative: outsider, result, Outsider: outsider);
                }
                progress?.Invoke(++done, total);
            }
        }
        for (int j = 0; j < options.Negatives; j++)
        {
            int index = options.Count + options.Outsiders + j;
            var noise = new float[length];
            // Pink noise of RMS 0.1 (the constant only gives the generator an RMS to scale against, then goes).
            PhoneDegradation.AddPinkNoise(Fill(noise, 0.1f), 0, new Random(unchecked(options.Seed * 7919 + index)));
            for (int i = 0; i < noise.Length; i++) noise[i] -= 0.1f;
            var (degraded, kbps) = await DegradeAsync(noise, sr, options, index, opus, ct);
            for (int v = 0; v < recommenders.Count; v++)
                all[v][index] = new SnippetOutcome(0, 0, null, 0, kbps, true, await recommenders[v].RecommendAsync(degraded, sr, wanted, ct));
            progress?.Invoke(++done, total);
        }
        return all.Select(o => new SnippetEvaluationReport { Snippets = o.Where(x => x is not null).Select(x => x!).ToList(), SilentSkipped = silentSkipped }).ToList();
    }

    private static float[] Fill(float[] x, float v) { Array.Fill(x, v); return x; }

    /// <summary>Degrades snippet <paramref name="index"/> with its own generator, so a snippet's damage does not
    /// depend on which other snippets ran before it.</summary>
    private static async Task<(float[] Samples, int Kbps)> DegradeAsync(float[] clip, int sr, SnippetEvaluationOptions options, int index,
        OpusRoundTrip opus, CancellationToken ct)
    {
        var rng = new Random(unchecked(options.Seed * 1_000_003 + index));
        var x = PhoneDegradation.Apply(clip, sr, options.Degrade, rng);
        if (!options.Degrade.HasFlag(Degradation.Opus)) return (x, 0);
        var (y, kbps) = await opus.ApplyAsync(x, sr, rng, ct);
        // The codec's look-ahead can shorten or lengthen the clip by a few ms; keep the snippet's length.
        if (y.Length > x.Length) y = y[..x.Length];
        return (y, kbps);
    }
}
