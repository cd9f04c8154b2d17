using System.CommandLine;
using System.Text.Json.Nodes;
using TuneBot.Core.Storage;
using TuneBot.Core.Evaluation;
using TuneBot.Core.Recommendation;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>eval similar [--k 5] [--json] [--db …]</c>: soundtrack precision@k of the bot's "tracks like this" answer (every
/// track asked for, the way /similar asks) next to the MFCC-statistics baseline, per soundtrack, with the hubs.
/// </summary>
internal static class EvalSimilarCommand
{
    /// <summary>Builds <c>eval similar</c>.</summary>
    public static Command Create()
    {
        var k = new Option<int>("--k") { Description = "Length of the list scored", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout" };
        var db = CatalogCommandLine.DbOption();
        var command = new Command("similar", "Soundtrack precision@k of the similar-tracks answer against the MFCC-statistics baseline") { k, json, db };
        command.SetAction((p, ct) => RunAsync(p.GetValue(k), p.GetValue(json), p.GetValue(db), p.InvocationConfiguration.Output, p.InvocationConfiguration.Error, ct));
        return command;
    }

    private static Task<int> RunAsync(int k, bool asJson, string? db, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        CatalogCommandLine.Guard(stderr, ct, async () =>
        {
            if (k is < 1 or > 100) { await stderr.WriteLineAsync("--k must be 1–100."); return 2; }
            var database = await CatalogCommandLine.OpenAsync(db, ct);
            var store = new TrackStore(database);
            var tracks = await store.ListAsync(ct);
            if (tracks.Count < 2) { await stderr.WriteLineAsync("The catalog needs at least two tracks: run `ingest` first."); return 2; }
            var soundtrackOf = SimilarEvaluation.SoundtracksOf(tracks.ToDictionary(t => t.Id, t => t.Path));
            var summaries = (await store.ListSummariesAsync(ct)).ToDictionary(s => s.TrackId, s => s.Vector);

            using var recommender = new Recommender(database, ToolConfiguration.Recommender());
            var ours = new Dictionary<long, IReadOnlyList<long>>();
            int failed = 0;
            RecommendationOutcome? lastFailure = null;
            foreach (var t in tracks)
            {
                var similar = await recommender.SimilarTracksAsync(t.Id, k, ct);
                if (similar.Outcome == RecommendationOutcome.Ok) ours[t.Id] = similar.TrackIds;
                else { failed++; lastFailure = similar.Outcome; }
            }
            if (ours.Count == 0)
            {
                await stderr.WriteLineAsync($"No track could be compared ({lastFailure}): run `cluster` first.");
                return 2;
            }
            var reports = new[]
            {
                SimilarEvaluation.Score("tunebot", soundtrackOf, ours, k),
                SimilarEvaluation.Score("mfcc-statistics", soundtrackOf, SimilarEvaluation.MfccStatisticsRankings(summaries), k),
            };
            if (asJson) await stdout.WriteLineAsync(ToJson(reports, tracks.Count, failed).ToJsonString());
            else await WriteText(reports, tracks.Count, failed, stdout);
            return 0;
        });

    private static JsonObject ToJson(IReadOnlyList<SimilarEvaluationReport> reports, int tracks, int failed) => new()
    {
        ["tracks"] = tracks, ["failed"] = failed, ["k"] = reports[0].K, ["chance"] = Math.Round(reports[0].Chance, 4),
        ["methods"] = new JsonArray(reports.Select(r => (JsonNode?)new JsonObject
        {
            ["method"] = r.Method, ["answered"] = r.Answered, ["precision"] = Math.Round(r.Precision, 4),
            ["per_soundtrack"] = new JsonArray(r.PerSoundtrack.Select(s => (JsonNode?)new JsonObject
            {
                ["soundtrack"] = s.Soundtrack, ["tracks"] = s.Tracks, ["precision"] = Math.Round(s.Precision, 4), ["chance"] = Math.Round(s.Chance, 4),
            }).ToArray()),
            ["hubs"] = new JsonObject
            {
                ["count"] = r.Hubs.Hubs, ["most_listed_track_id"] = r.Hubs.MostListedTrackId, ["most_listed_share"] = Math.Round(r.Hubs.MostListedShare, 4),
            },
        }).ToArray()),
    };

    private static async Task WriteText(IReadOnlyList<SimilarEvaluationReport> reports, int tracks, int failed, TextWriter w)
    {
        string F(double v) => CatalogCommandLine.F(v, "0.000");
        await w.WriteLineAsync($"{tracks} tracks, soundtrack precision@{reports[0].K} (chance {F(reports[0].Chance)}){(failed > 0 ? $"; {failed} tracks could not be compared" : "")}");
        foreach (var r in reports)
        {
            await w.WriteLineAsync($"{r.Method,-16} {F(r.Precision)}  hubs (in ≥ {SimilarEvaluation.HubShare:P0} of the lists) {r.Hubs.Hubs}, most listed track " +
                                   $"{r.Hubs.MostListedTrackId} in {F(r.Hubs.MostListedShare)} of the lists");
            foreach (var s in r.PerSoundtrack)
                await w.WriteLineAsync($"  {s.Soundtrack,-32} {s.Tracks,4} tracks  {F(s.Precision)}  (chance {F(s.Chance)})");
        }
    }
}
