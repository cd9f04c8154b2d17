using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TuneBot.Core.Recommendation;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>query FILE [--top N] [--json] [--db CONNECTION]</c>: what the bot does with a voice note, from the command
/// line (<see cref="Recommender"/>). With <c>--json</c>, stdout carries exactly
/// <c>{"cluster": {"id","name_en","name_ko","emoji"}, "probed_clusters": [ids], "results": [{"track_id","title",
/// "artist","path","distance","match_start_s","match_end_s","cluster_id"}], "elapsed_ms": {"decode","features","search"}}</c>.
/// Exit codes: 0 results (a "no confident match" note goes to stderr), 2 the clip cannot be used (too short,
/// silent, not audio, corrupt) or the catalog is empty / never clustered / analysed by an older version,
/// 1 database unreachable, ffmpeg missing or an internal error.
/// </summary>
public static class QueryCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The clip: any audio or video file ffmpeg reads (first 60 s used)" };
        var top = new Option<int>("--top") { Description = "Number of results", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var db = CatalogCommandLine.DbOption();
        var command = new Command("query", "Recommend catalog tracks for a recorded clip (cluster prediction + subsequence DTW)") { file, top, json, db };
        command.SetAction((parse, ct) => RunAsync(parse.GetRequiredValue(file), parse.GetValue(top), parse.GetValue(json), parse.GetValue(db),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    private static Task<int> RunAsync(string file, int top, bool asJson, string? db, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        CatalogCommandLine.Guard(stderr, ct, async () =>
        {
            if (top is < 1 or > 100) { await stderr.WriteLineAsync("--top must be between 1 and 100."); return 2; }
            if (!File.Exists(file)) { await stderr.WriteLineAsync($"{file}: no such file."); return 2; }
            var database = await CatalogCommandLine.OpenAsync(db, ct);
            using var recommender = new Recommender(database, ToolConfiguration.Recommender() with { TopN = top });
            var result = await recommender.RecommendAsync(file, top, ct);
            if (!result.HasResults)
            {
                await stderr.WriteLineAsync($"{file}: {result.Reason ?? result.Outcome.ToString()}");
                return result.Outcome == RecommendationOutcome.Unavailable ? 1 : 2;
            }
            if (result.Outcome == RecommendationOutcome.NoConfidentMatch) await stderr.WriteLineAsync($"{file}: {result.Reason}");
            if (asJson) await stdout.WriteLineAsync(ToJson(result).ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            else await WriteText(result, stdout);
            return 0;
        });

    /// <summary>The contract's JSON shape.</summary>
    internal static JsonObject ToJson(RecommendationResult r)
    {
        var theme = r.Theme;
        return new JsonObject
        {
            ["cluster"] = new JsonObject
            {
                ["id"] = r.ThemeClusterId,
                ["name_en"] = theme?.NameEn,
                ["name_ko"] = theme?.NameKo,
                ["emoji"] = theme?.Emoji,
            },
            ["probed_clusters"] = new JsonArray(r.ProbedClusters.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray()),
            ["results"] = new JsonArray(r.Tracks.Select(t => (JsonNode?)new JsonObject
            {
                ["track_id"] = t.Track.Id,
                ["title"] = t.Track.Title,
                ["artist"] = t.Track.Artist,
                ["path"] = t.Track.Path,
                ["distance"] = Math.Round(t.Distance, 4),
                ["match_start_s"] = Math.Round(t.MatchStartSeconds, 2),
                ["match_end_s"] = Math.Round(t.MatchEndSeconds, 2),
                ["cluster_id"] = t.ClusterId,
            }).ToArray()),
            ["elapsed_ms"] = new JsonObject
            {
                ["decode"] = Math.Round(r.Elapsed.DecodeMs, 1),
                ["features"] = Math.Round(r.Elapsed.FeaturesMs, 1),
                ["search"] = Math.Round(r.Elapsed.SearchMs, 1),
            },
            // A confident match: the clip is (part of) the first result. False when only the closest tracks came back.
            ["found"] = r.Outcome == RecommendationOutcome.Ok,
            // How the first result was confirmed: "landmarks" (fingerprint: the very recording), "dtw", or null when not found.
            ["identified_by"] = r.IdentifiedBy switch { IdentificationMethod.Landmarks => "landmarks", IdentificationMethod.Dtw => "dtw", _ => null },
            ["landmarks"] = r.Landmarks is { } l ? new JsonObject
            {
                ["track_id"] = l.TrackId,
                ["aligned"] = l.Aligned,
                ["runner_up_aligned"] = l.RunnerUpAligned,
                ["query_landmarks"] = l.QueryLandmarks,
                ["offset_s"] = Math.Round(l.OffsetSeconds, 2),
                ["confident"] = l.Confident,
                // Named on weaker landmark evidence because DTW ranked the same track among its first few.
                ["corroborated"] = r.IdentifiedBy == IdentificationMethod.Landmarks && !l.Confident,
            } : null,
        };
    }

    private static async Task WriteText(RecommendationResult r, TextWriter o)
    {
        var theme = r.Theme;
        await o.WriteLineAsync($"Theme: {theme?.Emoji} {theme?.NameEn} / {theme?.NameKo} (cluster {r.ThemeClusterId}; nearest centroid {r.PredictedClusterId}, probed [{string.Join(", ", r.ProbedClusters)}])");
        int i = 1;
        foreach (var t in r.Tracks)
            await o.WriteLineAsync($"{i++,2}. {t.Track.DisplayName}  distance {CatalogCommandLine.F(t.Distance, "0.000")}  " +
                                   $"at {CatalogCommandLine.F(t.MatchStartSeconds, "0.0")}–{CatalogCommandLine.F(t.MatchEndSeconds, "0.0")} s  cluster {t.ClusterId}");
        if (r.Contrast is { } contrast)
            await o.WriteLineAsync($"contrast {CatalogCommandLine.F(contrast, "0.000")} (best distance ÷ the next tracks' mean; above the limit the answer is \"no confident match\")");
        if (r.Landmarks is { } l)
            await o.WriteLineAsync($"landmarks: track {l.TrackId} at {CatalogCommandLine.F(l.OffsetSeconds, "0.0")} s, {l.Aligned} of {l.QueryLandmarks} aligned " +
                                   $"(runner-up {l.RunnerUpAligned}){(l.Confident ? ": identified" : ": not confident")}");
        await o.WriteLineAsync($"decode {CatalogCommandLine.F(r.Elapsed.DecodeMs, "0")} ms · features {CatalogCommandLine.F(r.Elapsed.FeaturesMs, "0")} ms · search {CatalogCommandLine.F(r.Elapsed.SearchMs, "0")} ms ({r.CandidateCount} tracks compared)");
    }
}
