using System.Diagnostics;
using TuneBot.Core.Audio;
using TuneBot.Core.Storage;
using TuneBot.Core.Themes;
using TuneBot.Core.Features;
using TuneBot.Core.Similarity;
using TuneBot.Core.Similarity.Fingerprints;

namespace TuneBot.Core.Recommendation;

/// <summary>
/// What the bot calls with a recorded clip: decode (ffmpeg, <see cref="DecodeOptions.Query"/>) → one STFT → the
/// librosa summary (for the nearest-centroid cluster) and the search frames (<see cref="SearchFrames"/>) →
/// candidate tracks → exact banded subsequence DTW (<see cref="SearchIndex"/>) → the top N tracks with where the
/// clip matched, and the reply's theme.
/// <para>
/// The theme comes from the best matches, not from the clip's own nearest centroid: an 8 s phone clip's summary
/// statistics differ from a whole track's, so its nearest centroid is right only about half the time
/// (docs/retrieval.md), while the best DTW match is the very song far more often. Theme = the cluster with
/// the most weight among the results within 10% of the best distance (weight 1 / rank).
/// </para>
/// <para>
/// Candidate choice and the options measured against it: docs/retrieval.md.
/// </para>
/// <para>
/// The catalog (sequences, clusters, themes, metadata) comes from a <see cref="CatalogIndex"/>, the one the bot's
/// replies are drawn from, which reloads when the catalog revision or the cluster run changes. Thread-safe; every method returns a typed <see cref="RecommendationResult"/> and never throws except on
/// cancellation.
/// </para>
/// </summary>
public sealed class Recommender : IDisposable
{
    private readonly CatalogIndex _index;
    private readonly bool _ownsIndex;
    private readonly AudioDecoder _decoder;

    /// <param name="db">The catalog (already migrated); the recommender keeps its own index of it.</param>
    /// <param name="options">Tuning; defaults from the demo-catalog evaluation.</param>
    /// <param name="decoder">ffmpeg wrapper (default: "ffmpeg" on PATH).</param>
    public Recommender(CatalogDatabase db, RecommenderOptions? options = null, AudioDecoder? decoder = null)
        : this(new CatalogIndex(db, options), decoder) => _ownsIndex = true;

    /// <param name="index">The shared catalog index; its options are the recommender's.</param>
    /// <param name="decoder">ffmpeg wrapper (default: "ffmpeg" on PATH).</param>
    public Recommender(CatalogIndex index, AudioDecoder? decoder = null)
    {
        _index = index ?? throw new ArgumentNullException(nameof(index));
        _decoder = decoder ?? new AudioDecoder();
    }

    public RecommenderOptions Options => _index.Options;

    /// <summary>Recommends from an audio file (any format ffmpeg reads; at most the first 60 s are used).</summary>
    /// <param name="topN">Results wanted; null = <see cref="RecommenderOptions.TopN"/>.</param>
    public async Task<RecommendationResult> RecommendAsync(string path, int? topN = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        DecodeResult decoded;
        try { decoded = await _decoder.DecodeAsync(path, DecodeOptions.Query, ct); }
        catch (Exception e) when (e is not OperationCanceledException) { return RecommendationResult.Fail(RecommendationOutcome.Unavailable, $"Decoding failed: {e.Message}"); }
        return await FromDecoded(decoded, clock.Elapsed.TotalMilliseconds, topN, ct);
    }

    /// <summary>Recommends from an audio stream (e.g. a downloaded voice note).</summary>
    public async Task<RecommendationResult> RecommendAsync(Stream audio, int? topN = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        DecodeResult decoded;
        try { decoded = await _decoder.DecodeAsync(audio, DecodeOptions.Query, ct); }
        catch (Exception e) when (e is not OperationCanceledException) { return RecommendationResult.Fail(RecommendationOutcome.Unavailable, $"Decoding failed: {e.Message}"); }
        return await FromDecoded(decoded, clock.Elapsed.TotalMilliseconds, topN, ct);
    }

    private async Task<RecommendationResult> FromDecoded(DecodeResult decoded, double decodeMs, int? topN, CancellationToken ct)
    {
        if (!decoded.Success)
        {
            var outcome = decoded.Failure switch
            {
                DecodeFailureKind.TooShort => RecommendationOutcome.TooShort,
                DecodeFailureKind.Silent => RecommendationOutcome.Silent,
                DecodeFailureKind.NotAudio or DecodeFailureKind.Empty => RecommendationOutcome.NotAudio,
                DecodeFailureKind.Corrupt or DecodeFailureKind.TooLong => RecommendationOutcome.Corrupt,
                _ => RecommendationOutcome.Unavailable,
            };
            return RecommendationResult.Fail(outcome, decoded.Reason ?? "The clip could not be decoded.", new(decodeMs, 0, 0));
        }
        return await RecommendAsync(decoded.Audio!.Samples, decoded.Audio.SampleRate, topN, ct, decodeMs, excludeTrackId: null);
    }

    /// <summary>Recommends from mono PCM at 22050 Hz (what <see cref="AudioDecoder"/> returns).</summary>
    public Task<RecommendationResult> RecommendAsync(float[] samples, int sampleRate, int? topN = null, CancellationToken ct = default)
        => RecommendAsync(samples, sampleRate, topN, ct, 0, excludeTrackId: null);

    /// <summary>
    /// As <see cref="RecommendAsync(float[], int, int?, CancellationToken)"/> with one track left out of the search,
    /// as if the catalog lacked it: a clip of that track is then a song the catalog does not have, which is what
    /// most users will record (the evaluation's "outsiders").
    /// </summary>
    public Task<RecommendationResult> RecommendExcludingAsync(float[] samples, int sampleRate, long excludedTrackId, int? topN = null, CancellationToken ct = default)
        => RecommendAsync(samples, sampleRate, topN, ct, 0, excludedTrackId);

    private async Task<RecommendationResult> RecommendAsync(float[] samples, int sampleRate, int? topN, CancellationToken ct, double decodeMs, long? excludeTrackId)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var none = new RecommendationTimings(decodeMs, 0, 0);
        if (sampleRate != 22050)
            return RecommendationResult.Fail(RecommendationOutcome.NotAudio, $"Expected 22050 Hz PCM, got {sampleRate} Hz.", none);
        double seconds = samples.Length / (double)sampleRate;
        if (seconds < Options.MinClipSeconds)
            return RecommendationResult.Fail(RecommendationOutcome.TooShort, $"The clip lasts {seconds:0.0} s; at least {Options.MinClipSeconds:0.#} s are needed.", none);
        if (DecodeOptions.Query.IsSilent(samples))
            return RecommendationResult.Fail(RecommendationOutcome.Silent, "The clip is silent.", none);

        var (catalog, search, failure) = await GetSearchableAsync(ct);
        if (failure is not null) return RecommendationResult.Fail(failure.Outcome, failure.Reason!, none);

        var clock = Stopwatch.StartNew();
        ClipFeatures clip;
        List<Landmark>? landmarks;
        try
        {
            clip = ClipFeatures.Compute(samples, sampleRate, Options);
            landmarks = Options.Landmarks && search!.Landmarks is not null ? LandmarkFingerprint.ComputeQuery(samples) : null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return RecommendationResult.Fail(RecommendationOutcome.Corrupt, $"Feature extraction failed: {e.Message}", none);
        }
        double featuresMs = clock.Elapsed.TotalMilliseconds;
        return Search(catalog!, search!, clip, topN ?? Options.TopN, decodeMs, featuresMs, seconds, excludeTrackId, landmarks);
    }

    /// <summary>
    /// Up to <paramref name="count"/> other tracks most like a catalog track overall, nearest first: whole-track
    /// summaries (<see cref="LoadedCatalog.TracksLike"/>), which find a track's kin far better than DTW of an excerpt
    /// of it (soundtrack precision@5: docs/retrieval.md). Never throws except on cancellation.
    /// </summary>
    public async Task<SimilarTracks> SimilarTracksAsync(long trackId, int count, CancellationToken ct = default)
    {
        var (catalog, _, failure) = await GetSearchableAsync(ct);
        if (catalog is null) return new SimilarTracks([], failure!.Outcome, failure.Reason);
        var like = catalog.TracksLike(trackId);
        return like.Count > 0 || catalog.Likeness.Contains(trackId)
            ? new SimilarTracks(like.Take(Math.Max(0, count)).ToList(), RecommendationOutcome.Ok)
            : new SimilarTracks([], RecommendationOutcome.CatalogOutdated, $"Track {trackId} has no current summary to compare: run `ingest` again.");
    }

    private RecommendationResult Search(LoadedCatalog catalog, ClipSearchIndex snapshot, ClipFeatures clip, int topN, double decodeMs, double featuresMs, double seconds, long? excludeTrackId,
        IReadOnlyList<Landmark>? landmarks = null)
    {
        var clock = Stopwatch.StartNew();
        var identified = landmarks is null ? null : snapshot.Landmarks?.Match(landmarks, excludeTrackId);
        topN = Math.Max(1, topN);
        int? predicted = null;
        IReadOnlyList<int> probed = [];
        IReadOnlyList<int> ranking = [];
        if (clip.Summary is not null)
        {
            try
            {
                var prediction = catalog.Live.Predict(clip.Summary);
                predicted = prediction.Cluster;
                ranking = prediction.Ranking;
                probed = prediction.Candidates(Options.ProbeRatio, Math.Max(1, Options.ProbeClusters));
            }
            catch (ArgumentException e)
            {
                return RecommendationResult.Fail(RecommendationOutcome.NotClustered, e.Message, new(decodeMs, featuresMs, 0));
            }
        }

        var index = snapshot.Index;
        // The window vote (cluster of the owners of the nearest windows) is reported whatever the strategy.
        List<int> windowTracks = clip.Raw is null ? [] : snapshot.Windows.CandidateTracks(
            new FrameSequence(snapshot.Standardiser.Apply(clip.Raw), clip.Query.Frames, SearchFrames.Dims), Options.CandidateWindows,
            Math.Max(Options.WindowCandidateTracks, 10), null, Options.MaxDegreeOfParallelism);
        int? windowVote = Vote(windowTracks.Take(10).Select(i => index.Tracks[i].ClusterId).ToList());

        var strategy = index.Count <= Options.ExhaustiveBelowTracks ? CandidateStrategy.All : Options.Candidates;
        HashSet<long>? allowed = null;
        if (strategy != CandidateStrategy.All)
        {
            allowed = [];
            if (strategy is CandidateStrategy.Clusters or CandidateStrategy.ClustersAndWindows)
                foreach (int c in probed)
                    if (snapshot.Members.TryGetValue(c, out var members)) allowed.UnionWith(members);
            if (strategy is CandidateStrategy.Windows or CandidateStrategy.ClustersAndWindows || allowed.Count == 0)
                foreach (int i in windowTracks.Take(Options.WindowCandidateTracks)) allowed.Add(index.Tracks[i].TrackId);
        }
        if (identified is { Confident: true } && allowed is { Count: > 0 }) allowed.Add(identified.TrackId);   // the identified song always reaches DTW
        if (allowed is { Count: 0 }) allowed = null;   // no candidate stage could answer (e.g. no summary): search everything
        if (excludeTrackId is long ex)
        {
            allowed ??= index.Tracks.Select(t => t.TrackId).ToHashSet();
            allowed.Remove(ex);
        }
        // At least the contrast cohort is fetched, so whether a match stands out does not depend on how many results were asked for.
        var searchOptions = new SearchOptions
        {
            Band = Options.Band,
            UseWindowIndex = false,
            MaxDegreeOfParallelism = Math.Max(1, Options.MaxDegreeOfParallelism),
        };
        var response = index.Search(clip.Query, Math.Max(topN, Options.ContrastTracks + 1), allowed is null ? null : new SearchFilter(TrackIds: allowed), searchOptions);
        double searchMs = clock.Elapsed.TotalMilliseconds;
        // Report the clusters whose tracks actually reached DTW, nearest centroid first.
        var searched = allowed is null ? snapshot.Members.Keys.Where(c => c >= 0).ToHashSet()
            : index.Tracks.Where(t => allowed.Contains(t.TrackId) && t.ClusterId >= 0).Select(t => t.ClusterId).ToHashSet();
        probed = ranking.Where(searched.Contains).Concat(searched.Where(c => !ranking.Contains(c)).Order()).ToList();
        var timings = new RecommendationTimings(decodeMs, featuresMs, searchMs);
        if (response.Outcome != SearchOutcome.Ok)
        {
            var outcome = response.Outcome switch
            {
                SearchOutcome.EmptyIndex or SearchOutcome.NoCandidates => RecommendationOutcome.EmptyCatalog,
                SearchOutcome.QueryTooShort => RecommendationOutcome.TooShort,
                _ => RecommendationOutcome.CatalogOutdated,
            };
            return RecommendationResult.Fail(outcome, response.Reason ?? "The search found nothing.", timings);
        }

        double frameSeconds = SearchFrames.FrameSeconds();
        var found = response.Results.Where(r => !double.IsPositiveInfinity(r.Distance)).ToList();
        long? identifiedId = LandmarkIdentification.Identified(identified, snapshot.Landmarks?.MinAligned ?? 0, found);
        found = LandmarkIdentification.Promote(found, identifiedId,
            id => index.Search(clip.Query, 1, new SearchFilter(TrackIds: [id]), searchOptions).Results.Where(r => !double.IsPositiveInfinity(r.Distance)).Cast<SearchResult?>().FirstOrDefault());
        var tracks = found.Take(topN).Select(r => new RecommendedTrack(
            catalog.Tracks[r.TrackId], r.DistancePerFrame, r.MatchStartFrame * frameSeconds, (r.MatchEndFrame + 1) * frameSeconds, r.ClusterId)).ToList();
        int? themeCluster = ThemeCluster(tracks) ?? windowVote ?? predicted;
        double? contrast = Contrast(found.Select(r => r.DistancePerFrame).Order().ToList());
        bool byLandmarks = identifiedId is long named && tracks.Count > 0 && tracks[0].Track.Id == named;
        bool confident = byLandmarks || (tracks.Count > 0 && tracks[0].Distance <= Options.NoConfidentMatchDistance
                         && !(contrast > Options.NoConfidentMatchContrast));
        return new RecommendationResult
        {
            Outcome = confident ? RecommendationOutcome.Ok : RecommendationOutcome.NoConfidentMatch,
            Reason = confident ? null : "No catalog track is a confident match for this clip.",
            Contrast = contrast,
            Tracks = tracks,
            ThemeClusterId = themeCluster,
            Theme = themeCluster is int tc ? catalog.Live.ThemeOf(tc) : null,
            PredictedClusterId = predicted,
            WindowVoteClusterId = windowVote,
            ProbedClusters = probed,
            ClusterRunId = catalog.Live.Run.Id,
            Catalog = catalog,
            CandidateCount = response.CandidateCount,
            ClipSeconds = seconds,
            Elapsed = timings,
            IdentifiedBy = !confident ? null : byLandmarks ? IdentificationMethod.Landmarks : IdentificationMethod.Dtw,
            Landmarks = identified,
        };
    }

    /// <summary>
    /// Best distance ÷ mean of the next <see cref="RecommenderOptions.ContrastTracks"/>: how far the best match stands
    /// out from the runners-up. Null when fewer than <see cref="RecommenderOptions.MinContrastTracks"/> runners-up exist.
    /// </summary>
    private double? Contrast(IReadOnlyList<double> sortedDistances)
    {
        int others = Math.Min(Options.ContrastTracks, sortedDistances.Count - 1);
        if (others < Options.MinContrastTracks) return null;
        double mean = 0;
        for (int i = 1; i <= others; i++) mean += sortedDistances[i];
        mean /= others;
        return mean > 0 ? sortedDistances[0] / mean : null;
    }

    /// <summary>The reply's theme from the results: the vote over those within 10% of the best distance.</summary>
    private static int? ThemeCluster(IReadOnlyList<RecommendedTrack> results)
    {
        if (results.Count == 0) return null;
        double limit = results[0].Distance * 1.10;
        return Vote(results.TakeWhile(r => r.Distance <= limit).Select(r => r.ClusterId).ToList());
    }

    /// <summary>The cluster with the most weight 1 / rank (ties to the lower id); negative ids (unclustered) do not vote.</summary>
    private static int? Vote(IReadOnlyList<int> clustersByRank)
    {
        var weights = new Dictionary<int, double>();
        for (int i = 0; i < clustersByRank.Count; i++)
            if (clustersByRank[i] >= 0) weights[clustersByRank[i]] = weights.GetValueOrDefault(clustersByRank[i]) + 1.0 / (i + 1);
        return weights.Count == 0 ? null : weights.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
    }

    /// <summary>
    /// Loads (or reloads) the catalog into the in-memory search index now. Returns null when ready, else the
    /// failure a query would get (EmptyCatalog, NotClustered, CatalogOutdated, Unavailable).
    /// </summary>
    public async Task<RecommendationResult?> RefreshAsync(CancellationToken ct = default) => (await GetSearchableAsync(ct)).Failure;

    /// <summary>The live cluster run and themes the current index uses, or null before a successful load.</summary>
    public LiveClusters? Clusters => _index.Current?.Live;

    private async Task<(LoadedCatalog? Catalog, ClipSearchIndex? Search, RecommendationResult? Failure)> GetSearchableAsync(CancellationToken ct)
    {
        long count;
        LoadedCatalog? catalog;
        try { (count, catalog) = await _index.GetAsync(ct); }
        catch (Exception e) when (e is not OperationCanceledException) { return (null, null, Unavailable(e)); }
        if (count == 0) return (null, null, RecommendationResult.Fail(RecommendationOutcome.EmptyCatalog, "The catalog has no tracks yet: run `ingest`."));
        if (catalog is null) return (null, null, RecommendationResult.Fail(RecommendationOutcome.NotClustered, "The catalog has not been clustered yet: run `cluster`."));
        if (catalog.Search is not { } search)
            return (catalog, null, RecommendationResult.Fail(RecommendationOutcome.CatalogOutdated,
                $"None of the {count} tracks has search sequences of encoding {SequenceEncoding.Version}: run `ingest` again."));
        return (catalog, search, null);
    }

    private static RecommendationResult Unavailable(Exception e) =>
        RecommendationResult.Fail(RecommendationOutcome.Unavailable, e is CatalogUnavailableException ? e.Message : $"The catalog could not be read: {e.Message}");

    public void Dispose()
    {
        if (_ownsIndex) _index.Dispose();
    }
}
