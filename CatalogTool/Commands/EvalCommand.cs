using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TuneBot.Core.Similarity;
using TuneBot.Core.Evaluation;
using TuneBot.Core.Recommendation;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>eval snippets [--n 200] [--seconds 8] [--degrade none|opus|noise|room|phone|all] [--seed S] [--json] [--db …]</c>:
/// random catalog snippets, degraded like a phone voice note, queried through the bot's <see cref="Recommender"/>
/// (<see cref="SnippetEvaluation"/>). Reports hit@1, hit@5, cluster agreement (nearest centroid, reply theme,
/// window vote), search latency p50/p95 and how the "no confident match" answer splits correct answers from outsiders. Extra knobs compare search choices: <c>--candidates</c>,
/// <c>--normalise</c>, <c>--chroma-weight</c>, <c>--probe</c>, <c>--negatives</c>, <c>--outsiders</c> (snippets searched
/// with their own track left out: how often a song the catalog lacks is told "not found").
/// Exit codes: 0 done, 2 bad arguments or a catalog that cannot be searched, 1 database/ffmpeg failure.
/// </summary>
public static class EvalCommand
{
    /// <summary>Builds <c>eval</c> with its <c>snippets</c> subcommand.</summary>
    public static Command Create()
    {
        var n = new Option<int>("--n") { Description = "Snippets", DefaultValueFactory = _ => 200 };
        var seconds = new Option<double>("--seconds") { Description = "Snippet length (s)", DefaultValueFactory = _ => 8 };
        var degrade = new Option<string>("--degrade") { Description = "none|opus|noise|room|phone|all (comma-separated combinations allowed)", DefaultValueFactory = _ => "all" };
        var seed = new Option<int>("--seed") { Description = "Seed of tracks, start times and degradations", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var candidates = new Option<string>("--candidates") { Description = "auto|all|clusters|windows|both (auto: exhaustive below 2000 tracks, else both)", DefaultValueFactory = _ => "auto" };
        var normalise = new Option<string>("--normalise") { Description = "sequence|none", DefaultValueFactory = _ => "sequence" };
        var chromaWeight = new Option<float?>("--chroma-weight") { Description = "Weight of the chroma dimensions (default: Recommender:ChromaWeight, 2)" };
        var probe = new Option<int?>("--probe") { Description = "Clusters probed at most (default: Recommender:ProbeClusters, 3)" };
        var variants = new Option<bool>("--variants") { Description = "Also run the alternative search choices (candidate stages, normalisation, chroma weight) on the same snippets and print one line each" };
        var band = new Option<int?>("--band") { Description = "Sakoe–Chiba radius in search frames (default: Recommender:Band, else 10% of the clip)" };
        var negatives = new Option<int>("--negatives") { Description = "Extra clips of degraded noise alone (calibrates the no-confident-match distance)", DefaultValueFactory = _ => 0 };
        var outsiders = new Option<int>("--outsiders") { Description = "Extra snippets searched with their own track left out, as songs the catalog lacks (measures the \"not found\" answer)", DefaultValueFactory = _ => 0 };
        var db = CatalogCommandLine.DbOption();
        var snippets = new Command("snippets", "Hit@k, cluster agreement and latency on degraded random snippets of catalog tracks")
        {
            n, seconds, degrade, seed, json, candidates, normalise, chromaWeight, probe, negatives, outsiders, variants, band, db,
        };
        snippets.SetAction((p, ct) => RunAsync(p.GetValue(n), p.GetValue(seconds), p.GetValue(degrade)!, p.GetValue(seed), p.GetValue(json),
            p.GetValue(candidates)!, p.GetValue(normalise)!, p.GetValue(chromaWeight), p.GetValue(probe), p.GetValue(negatives), p.GetValue(outsiders), p.GetValue(variants), p.GetValue(band), p.GetValue(db),
            p.InvocationConfiguration.Output, p.InvocationConfiguration.Error, ct));
        var eval = new Command("eval", "Measure the recommender");
        eval.Subcommands.Add(snippets);
        eval.Subcommands.Add(EvalSimilarCommand.Create());
        return eval;
    }

    /// <summary>Parses "none", "all" or a comma-separated list of opus/noise/room/phone; null when unknown.</summary>
    public static Degradation? ParseDegradation(string text)
    {
        var result = Degradation.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<Degradation>(part, ignoreCase: true, out var d) || int.TryParse(part, out _)) return null;
            result |= d;
        }
        return result;
    }

    private static Task<int> RunAsync(int n, double seconds, string degradeText, int seed, bool asJson, string candidatesText, string normaliseText,
        float? chromaWeight, int? probe, int negatives, int outsiders, bool variants, int? band, string? db, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        CatalogCommandLine.Guard(stderr, ct, async () =>
        {
            if (n is < 1 or > 100_000 || seconds is < 2 or > 60 || negatives is < 0 or > 10_000 || outsiders is < 0 or > 100_000 || probe < 1 || band < 0)
            {
                await stderr.WriteLineAsync("--n must be 1–100000, --seconds 2–60, --negatives 0–10000, --outsiders 0–100000, --probe ≥ 1, --band ≥ 0.");
                return 2;
            }
            if (ParseDegradation(degradeText) is not Degradation degrade) { await stderr.WriteLineAsync($"Unknown --degrade '{degradeText}'."); return 2; }
            // The bot's configuration (Recommender:*), so the figures are those of what the bot runs; options given here override it.
            var configured = ToolConfiguration.Recommender();
            var options = configured with
            {
                ProbeClusters = probe ?? configured.ProbeClusters, ChromaWeight = chromaWeight ?? configured.ChromaWeight,
                Band = band ?? configured.Band,
            };
            switch (candidatesText.ToLowerInvariant())
            {
                case "auto": break;
                case "all": options = options with { Candidates = CandidateStrategy.All }; break;
                case "clusters": options = options with { Candidates = CandidateStrategy.Clusters, ExhaustiveBelowTracks = 0 }; break;
                case "windows": options = options with { Candidates = CandidateStrategy.Windows, ExhaustiveBelowTracks = 0 }; break;
                case "both": options = options with { Candidates = CandidateStrategy.ClustersAndWindows, ExhaustiveBelowTracks = 0 }; break;
                default: await stderr.WriteLineAsync($"Unknown --candidates '{candidatesText}'."); return 2;
            }
            switch (normaliseText.ToLowerInvariant())
            {
                case "sequence": break;
                case "none": options = options with { Normalisation = NormalisationMode.None }; break;
                default: await stderr.WriteLineAsync($"Unknown --normalise '{normaliseText}'."); return 2;
            }
            var database = await CatalogCommandLine.OpenAsync(db, ct);
            var configs = new List<(string Name, RecommenderOptions Options)> { ("chosen", options) };
            if (variants)
            {
                configs.Add(("nearest cluster only", options with { Candidates = CandidateStrategy.Clusters, ProbeClusters = 1, ExhaustiveBelowTracks = 0 }));
                configs.Add(("probe ≤3 clusters", options with { Candidates = CandidateStrategy.Clusters, ProbeClusters = 3, ExhaustiveBelowTracks = 0 }));
                configs.Add(("window index 30", options with { Candidates = CandidateStrategy.Windows, ExhaustiveBelowTracks = 0 }));
                configs.Add(("clusters+windows", options with { Candidates = CandidateStrategy.ClustersAndWindows, ExhaustiveBelowTracks = 0 }));
                configs.Add(("all, chroma ×1", options with { ChromaWeight = 1f }));
                configs.Add(("all, MFCC only", options with { ChromaWeight = 0f }));
            }
            var recommenders = configs.Select(c => new Recommender(database, c.Options)).ToList();
            var evalOptions = new SnippetEvaluationOptions { Count = n, Seconds = seconds, Degrade = degrade, Seed = seed, Negatives = negatives, Outsiders = outsiders };
            IReadOnlyList<SnippetEvaluationReport> reports;
            try
            {
                reports = await SnippetEvaluation.RunAsync(database, recommenders, evalOptions,
                    (done, total) => { if (done % 10 == 0 || done == total) stderr.WriteLine($"eval: {done}/{total}"); }, ct);
            }
            catch (InvalidOperationException e) { await stderr.WriteLineAsync(e.Message); return 2; }
            finally { foreach (var r in recommenders) r.Dispose(); }
            var report = reports[0];
            if (variants)
                for (int i = 0; i < configs.Count; i++)
                {
                    var r = reports[i];
                    await stderr.WriteLineAsync($"variant {configs[i].Name,-22} hit@1 {CatalogCommandLine.F(r.HitAt1, "0.00")} hit@5 {CatalogCommandLine.F(r.HitAt5, "0.00")} " +
                        $"centroid {CatalogCommandLine.F(r.NearestCentroidAgreement, "0.00")} theme {CatalogCommandLine.F(r.ThemeAgreement, "0.00")} " +
                        $"windows {CatalogCommandLine.F(r.WindowVoteAgreement, "0.00")} search p50 {CatalogCommandLine.F(r.SearchP50Ms, "0")} p95 {CatalogCommandLine.F(r.SearchP95Ms, "0")} ms");
                }
            if (asJson) await stdout.WriteLineAsync(ToJson(report, evalOptions, degradeText, candidatesText, normaliseText, options.ChromaWeight).ToJsonString());
            else await WriteText(report, evalOptions, degradeText, candidatesText, normaliseText, options.ChromaWeight, stdout);
            return 0;
        });

    private static JsonObject ToJson(SnippetEvaluationReport r, SnippetEvaluationOptions o, string degrade, string candidates, string normalise, float chroma)
    {
        var hit = r.HitDistances;
        var neg = r.NegativeDistances;
        return new JsonObject
        {
            ["n"] = r.Count, ["answered"] = r.Answered, ["silent_skipped"] = r.SilentSkipped, ["seconds"] = o.Seconds, ["degrade"] = degrade, ["seed"] = o.Seed,
            ["candidates"] = candidates, ["normalise"] = normalise, ["chroma_weight"] = chroma,
            ["hit_at_1"] = Round(r.HitAt1), ["hit_at_5"] = Round(r.HitAt5),
            ["wrong_first"] = Round(r.WrongFirst), ["identified_by_landmarks"] = Round(r.IdentifiedByLandmarks),
            ["false_landmark_identifications"] = r.FalseLandmarkIdentifications,
            ["cluster_agreement"] = new JsonObject
            {
                ["nearest_centroid"] = Round(r.NearestCentroidAgreement), ["reply_theme"] = Round(r.ThemeAgreement), ["window_vote"] = Round(r.WindowVoteAgreement),
            },
            ["search_ms"] = new JsonObject { ["p50"] = Round(r.SearchP50Ms), ["p95"] = Round(r.SearchP95Ms) },
            ["features_ms_p50"] = Round(r.FeaturesP50Ms),
            ["hit_distance"] = new JsonObject { ["p50"] = Round(hit.P50), ["p95"] = Round(hit.P95), ["max"] = Round(hit.Max) },
            ["negative_distance"] = new JsonObject { ["min"] = Round(neg.Min), ["p50"] = Round(neg.P50) },
            ["outsiders"] = new JsonObject
            {
                ["n"] = r.OutsiderCount, ["distance_p5"] = Round(r.OutsiderDistances.P5), ["distance_p50"] = Round(r.OutsiderDistances.P50),
                ["flagged_not_found"] = Round(r.OutsidersFlagged),
            },
            ["hits_confident"] = Round(r.HitsConfident),
            ["misses"] = new JsonArray(r.Snippets.Where(x => !x.Negative && x.Rank != 1).Select(x => (JsonNode?)new JsonObject
            {
                ["track_id"] = x.TrackId, ["start_s"] = Math.Round(x.StartSeconds, 2), ["rank"] = x.Rank, ["opus_kbps"] = x.OpusKbps,
                ["got_track_id"] = x.Result.Tracks.Count > 0 ? x.Result.Tracks[0].Track.Id : null,
                ["got_distance"] = x.Result.Tracks.Count > 0 ? Math.Round(x.Result.Tracks[0].Distance, 4) : null,
                ["outcome"] = x.Result.Outcome.ToString(),
                ["landmark_aligned"] = x.Result.Landmarks?.Aligned,
                ["landmark_track_id"] = x.Result.Landmarks?.TrackId,
            }).ToArray()),
        };
    }

    private static JsonNode? Round(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 4)) : null;

    private static async Task WriteText(SnippetEvaluationReport r, SnippetEvaluationOptions o, string degrade, string candidates, string normalise, float chroma, TextWriter w)
    {
        string F(double v, string f = "0.000") => CatalogCommandLine.F(v, f);
        await w.WriteLineAsync($"{r.Count} snippets of {F(o.Seconds, "0.#")} s, degrade {degrade}, seed {o.Seed}; candidates {candidates}, normalise {normalise}, chroma ×{F(chroma, "0.##")}");
        await w.WriteLineAsync($"hit@1 {F(r.HitAt1)}  hit@5 {F(r.HitAt5)}  (answered {r.Answered}; {r.SilentSkipped} silent excerpts skipped)");
        await w.WriteLineAsync($"wrong first answers (confident) {F(r.WrongFirst)}  identified by landmarks {F(r.IdentifiedByLandmarks)}  " +
                               $"noise/outsiders identified by landmarks {r.FalseLandmarkIdentifications}");
        await w.WriteLineAsync($"cluster agreement: nearest centroid {F(r.NearestCentroidAgreement)}  reply theme {F(r.ThemeAgreement)}  window vote {F(r.WindowVoteAgreement)}");
        await w.WriteLineAsync($"search p50 {F(r.SearchP50Ms, "0.0")} ms  p95 {F(r.SearchP95Ms, "0.0")} ms  (features p50 {F(r.FeaturesP50Ms, "0")} ms)");
        // The landmark stage's evidence, to set its thresholds: right matches vs. clips with nothing right to find.
        var right = r.Snippets.Where(x => !x.Negative && x.Result.Landmarks is { } l && l.TrackId == x.TrackId).Select(x => x.Result.Landmarks!).ToList();
        var nothing = r.Snippets.Where(x => x.Negative && x.Result.Landmarks is not null).Select(x => x.Result.Landmarks!).ToList();
        static double Ratio(TuneBot.Core.Similarity.Fingerprints.LandmarkMatch l) => l.Aligned / (double)Math.Max(1, l.RunnerUpAligned);
        if (right.Count > 0)
            await w.WriteLineAsync($"landmarks: right track best for {right.Count}: aligned p5 {F(Percentiles.NearestRank(right.Select(l => (double)l.Aligned), 0.05), "0")} " +
                                   $"ratio p5 {F(Percentiles.NearestRank(right.Select(Ratio), 0.05), "0.00")}" +
                                   (nothing.Count > 0 ? $"; noise/outsiders ({nothing.Count}): aligned max {nothing.Max(l => l.Aligned)} ratio max {F(nothing.Max(Ratio), "0.00")}" : ""));
        var hit = r.HitDistances;
        await w.WriteLineAsync($"best distance of correct answers: p50 {F(hit.P50)} p95 {F(hit.P95)} max {F(hit.Max)}");
        foreach (var x in r.Snippets.Where(x => !x.Negative && x.Rank != 1))
            await w.WriteLineAsync($"  miss: track {x.TrackId} at {F(x.StartSeconds, "0.0")} s → rank {(x.Rank > 0 ? x.Rank : $"> {o.Results}")}, top-1 track " +
                                   $"{(x.Result.Tracks.Count > 0 ? x.Result.Tracks[0].Track.Id : null)} ({x.Result.Outcome}; landmarks {x.Result.Landmarks?.Aligned}/{x.Result.Landmarks?.RunnerUpAligned} → track {x.Result.Landmarks?.TrackId})");
        // Which song a noise or outsider clip was named as: an outsider named as a track holding the same music is no false match.
        foreach (var x in r.Snippets.Where(x => x.Negative && x.Result.IdentifiedBy == IdentificationMethod.Landmarks))
            await w.WriteLineAsync($"  named by landmarks: {(x.Outsider ? $"outsider, track {x.TrackId} left out, at {F(x.StartSeconds, "0.0")} s" : "noise")} → track " +
                                   $"{x.Result.Tracks[0].Track.Id} ({x.Result.Landmarks?.Aligned}/{x.Result.Landmarks?.RunnerUpAligned}{(x.Result.Landmarks?.Confident == true ? "" : ", corroborated by DTW")})");
        if (o.Negatives > 0)
        {
            var neg = r.NegativeDistances;
            await w.WriteLineAsync($"best distance of noise-only clips: min {F(neg.Min)} p50 {F(neg.P50)}");
        }
        if (o.Outsiders > 0)
        {
            var outsider = r.OutsiderDistances;
            await w.WriteLineAsync($"best distance of {r.OutsiderCount} outsiders (their track left out): p5 {F(outsider.P5)} p50 {F(outsider.P50)}");
            await w.WriteLineAsync($"\"not found\" answers: outsiders {F(r.OutsidersFlagged)} (should be high); correct first answers kept confident {F(r.HitsConfident)} (should be high)");
        }
    }
}
