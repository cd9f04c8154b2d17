using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;
using TuneBot.Core.Storage;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>themes [--json] [--db CONNECTION]</c>: the live run's themes — id, names, emoji, valence, arousal, track
/// count and the three most typical tracks (nearest their centroid). With <c>--json</c> stdout carries one JSON
/// object only. Exit codes: 0 ok, 2 never clustered, 1 database unreachable or an internal error.
/// </summary>
public static class ThemesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of a table" };
        var db = CatalogCommandLine.DbOption();
        var command = new Command("themes", "List the themed clusters of the newest clustering run") { json, db };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(json), parse.GetValue(db),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    private static Task<int> RunAsync(bool asJson, string? db, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        CatalogCommandLine.Guard(stderr, ct, async () =>
        {
            var database = await CatalogCommandLine.OpenAsync(db, ct);
            var store = new ClusterStore(database);
            var run = await store.GetLatestRunAsync(ct);
            if (run is null)
            {
                await stderr.WriteLineAsync("The catalog has not been clustered yet: run `cluster` (after `ingest PATH…`).");
                return 2;
            }
            var themes = await store.GetThemesAsync(run.Id, ct);
            var members = (await store.GetMembersAsync(run.Id, ct)).GroupBy(m => m.ClusterId).ToDictionary(g => g.Key, g => g.ToList());

            if (asJson)
            {
                var list = new JsonArray();
                foreach (var t in themes)
                {
                    var m = members.GetValueOrDefault(t.ClusterId) ?? [];
                    var examples = new JsonArray();
                    foreach (var e in m.Take(3))
                        examples.Add(new JsonObject { ["track_id"] = e.TrackId, ["title"] = e.Title, ["artist"] = e.Artist, ["path"] = e.Path });
                    list.Add(new JsonObject
                    {
                        ["id"] = t.ClusterId,
                        ["name_en"] = t.NameEn,
                        ["name_ko"] = t.NameKo,
                        ["description_en"] = t.DescriptionEn,
                        ["description_ko"] = t.DescriptionKo,
                        ["emoji"] = t.Emoji,
                        ["valence"] = t.Valence,
                        ["arousal"] = t.Arousal,
                        ["renamed_by_operator"] = t.RenamedByOperator,
                        ["track_count"] = m.Count,
                        ["examples"] = examples,
                    });
                }
                var root = new JsonObject
                {
                    ["run_id"] = run.Id,
                    ["k"] = run.K,
                    ["k_selection"] = run.KSelection,
                    ["created_at"] = run.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                    ["track_count"] = run.TrackCount,
                    ["silhouette"] = run.Silhouette,
                    ["themes"] = list,
                };
                await stdout.WriteLineAsync(root.ToJsonString(new JsonSerializerOptions
                {
                    WriteIndented = true,
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                }));
                return 0;
            }

            var console = AnalyzeCommand.CreateConsole(stdout);
            console.WriteLine($"Run {run.Id} ({run.CreatedAt:yyyy-MM-dd HH:mm} UTC): {run.K} themes over {run.TrackCount} tracks, " +
                              $"silhouette {(run.Silhouette is { } s ? CatalogCommandLine.F(s, "0.000") : "n/a")}.");
            var table = new Table().Border(TableBorder.Rounded).ShowRowSeparators()
                .AddColumn(new TableColumn("id").RightAligned()).AddColumn("theme").AddColumn(new TableColumn("tracks").RightAligned())
                .AddColumn(new TableColumn("valence / arousal").RightAligned()).AddColumn("examples");
            foreach (var t in themes)
            {
                var m = members.GetValueOrDefault(t.ClusterId) ?? [];
                var examples = string.Join("\n", m.Take(3).Select(e => string.IsNullOrWhiteSpace(e.Artist) ? e.Title : $"{e.Artist} – {e.Title}"));
                table.AddRow(new Text(t.ClusterId.ToString(CultureInfo.InvariantCulture)),
                    new Text($"{t.Emoji} {t.NameEn}{(t.RenamedByOperator ? " *" : "")}\n{t.NameKo}\n{t.DescriptionEn}\n{t.DescriptionKo}"),
                    new Text(m.Count.ToString(CultureInfo.InvariantCulture)),
                    new Text($"{CatalogCommandLine.F(t.Valence, "+0.00;-0.00")} / {CatalogCommandLine.F(t.Arousal, "+0.00;-0.00")}"),
                    new Text(examples));
            }
            console.Write(table);
            if (themes.Any(t => t.RenamedByOperator)) console.WriteLine("* named by an operator (theme rename).");
            return 0;
        });
}
