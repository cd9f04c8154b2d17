using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using TuneBot.Core.Storage;
using TuneBot.Core.Ingestion;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>ingest PATH… [--db CONNECTION] [--workers N] [--prune] [--json]</c>: adds files and folders to the catalog
/// (see <see cref="CatalogIngestor"/>). Stored tracks under the given folders whose files are gone are listed, and
/// removed with <c>--prune</c>. Progress (count, rate, ETA) on stderr; a closing summary table on stdout,
/// or with <c>--json</c> one JSON object and nothing else on stdout.
/// Database: <c>--db</c> (a SQLite path, "Data Source=…", a postgres:// URI or an Npgsql "Host=…" string, a mysql://
/// URI or a MySqlConnector "Server=…" string; see <see cref="CatalogDatabase.FromCommandLine"/>), else
/// the environment's <c>Catalog__Provider</c> / <c>ConnectionStrings__Catalog</c>, else SQLite <c>data/tunebot.db</c>.
/// Exit codes: 0 done (failed files are listed, they do not fail the run), 2 no usable path given,
/// 1 database unreachable, another ingest running, or an internal error; 130 cancelled (Ctrl-C: tracks already
/// stored stay, a re-run resumes).
/// </summary>
public static class IngestCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "Audio files or folders (scanned recursively)", Arity = ArgumentArity.OneOrMore };
        var db = new Option<string?>("--db") { Description = "Catalog database: SQLite file path, PostgreSQL (Host=…, postgres://) or MySQL (Server=…, mysql://) connection string/URI (default: config, else data/tunebot.db)" };
        var workers = new Option<int>("--workers") { Description = "Files analysed at once", DefaultValueFactory = _ => 2 };
        var prune = new Option<bool>("--prune") { Description = "Remove stored tracks under the given folders whose files no longer exist" };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object on stdout" };
        var command = new Command("ingest", "Add music files and folders to the catalog (idempotent: re-runs skip unchanged files)")
        {
            paths, db, workers, prune, json,
        };
        command.SetAction((parseResult, ct) => RunAsync(parseResult.GetRequiredValue(paths), parseResult.GetValue(db),
            parseResult.GetValue(workers), parseResult.GetValue(prune), parseResult.GetValue(json),
            parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error, ct));
        return command;
    }

    private static async Task<int> RunAsync(string[] paths, string? dbArg, int workers, bool prune, bool asJson, TextWriter stdout, TextWriter stderr,
        CancellationToken ct)
    {
        if (workers < 1 || workers > 64)
        {
            await stderr.WriteLineAsync("--workers must be between 1 and 64.");
            return 2;
        }
        var missing = paths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        if (missing.Count == paths.Length && !prune)
        {
            await stderr.WriteLineAsync($"Nothing to ingest: {string.Join(", ", missing)} not found " +
                                        "(if it was deleted, add --prune to remove its stored tracks).");
            return 2;
        }

        CatalogDatabase database;
        try { database = ToolConfiguration.Database(dbArg); }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return 2;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr) });
        try
        {
            foreach (var m in missing)
                await stderr.WriteLineAsync(prune ? $"{m}: not found; --prune removes the tracks stored under it." : $"Skipping {m}: not found.");
            var report = await RunWithProgress(database, paths, new IngestOptions { Workers = workers, Prune = prune }, console, stderr, ct);
            if (asJson) await stdout.WriteLineAsync(JsonSerializer.Serialize(ToJson(report, database)));
            else WriteSummary(report, database, stdout);
            return report.Cancelled ? 130 : 0;
        }
        catch (CatalogUnavailableException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return 1;
        }
        catch (IngestInProgressException e)
        {
            await stderr.WriteLineAsync(e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("Cancelled; tracks stored so far are kept, run ingest again to resume.");
            return 130;
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync($"ingest: internal error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    private static async Task<IngestReport> RunWithProgress(CatalogDatabase database, string[] paths, IngestOptions options, IAnsiConsole console,
        TextWriter stderr, CancellationToken ct)
    {
        var ingestor = new CatalogIngestor(database);
        if (!console.Profile.Capabilities.Interactive)
        {
            // Not a terminal (CI, a log file): a plain line every 10 % instead of a redrawn bar.
            var start = DateTime.UtcNow;
            int lastDecile = -1;
            object gate = new();
            return await ingestor.RunAsync(paths, options with
            {
                Progress = p =>
                {
                    if (p.Phase != "analyse" || p.Total == 0) return;
                    int decile = p.Done * 10 / p.Total;
                    lock (gate)
                    {
                        if (decile == lastDecile) return;
                        lastDecile = decile;
                        stderr.WriteLine($"ingest: {Describe(p, DateTime.UtcNow - start)}");
                    }
                },
            }, ct);
        }

        IngestReport? result = null;
        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var hashTask = ctx.AddTask("Scanning", maxValue: 1);
                ProgressTask? analyseTask = null, landmarkTask = null;
                var start = DateTime.UtcNow;
                result = await ingestor.RunAsync(paths, options with
                {
                    Progress = p =>
                    {
                        lock (ctx)
                        {
                            if (p.Phase == "landmarks")
                            {
                                landmarkTask ??= ctx.AddTask("Landmarks of tracks stored without them", maxValue: Math.Max(1, p.Total));
                                landmarkTask.Value = p.Done;
                                return;
                            }
                            if (p.Phase is "scan" or "hash")
                            {
                                hashTask.MaxValue = Math.Max(1, p.Total);
                                hashTask.Value = p.Phase == "scan" ? 0 : p.Done;
                                hashTask.Description = p.Phase == "scan" ? $"Found {p.Total} files" : $"Hashing {p.Done}/{p.Total}";
                                return;
                            }
                            if (analyseTask is null)
                            {
                                hashTask.Value = hashTask.MaxValue;
                                hashTask.StopTask();
                                analyseTask = ctx.AddTask("Analysing", maxValue: Math.Max(1, p.Total));
                                start = DateTime.UtcNow;
                            }
                            analyseTask.Value = p.Done;
                            analyseTask.Description = Markup.Escape(Describe(p, DateTime.UtcNow - start));
                        }
                    },
                }, ct);
                hashTask.Value = hashTask.MaxValue;
                if (analyseTask is not null) analyseTask.Value = analyseTask.MaxValue;
            });
        return result!;
    }

    private static string Describe(IngestProgress p, TimeSpan elapsed)
    {
        double minutes = Math.Max(elapsed.TotalMinutes, 1e-6);
        double rate = p.Done / minutes;
        string eta = rate > 0 ? TimeSpan.FromMinutes((p.Total - p.Done) / rate).ToString(@"h\:mm\:ss") : "?";
        return string.Create(CultureInfo.InvariantCulture,
            $"{p.Done}/{p.Total} tracks · {rate:0.#}/min · {p.AudioSeconds / Math.Max(elapsed.TotalSeconds, 1e-6):0}× real time · ETA {eta}");
    }

    private static void WriteSummary(IngestReport r, CatalogDatabase database, TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        console.WriteLine($"Ingest into {database.Description}");
        var table = new Table().AddColumn("Outcome").AddColumn(new TableColumn("Files").RightAligned());
        foreach (var o in Enum.GetValues<IngestOutcome>())
            table.AddRow(Label(o), r.Count(o).ToString(CultureInfo.InvariantCulture));
        console.Write(table);

        var notable = r.Items.Where(i => i.Outcome is IngestOutcome.Failed or IngestOutcome.Duplicate or IngestOutcome.Moved
            or IngestOutcome.Gone or IngestOutcome.Removed or IngestOutcome.SameRecording).ToList();
        if (notable.Count > 0)
        {
            var details = new Table().AddColumn("File").AddColumn("Outcome").AddColumn("Reason / detail");
            foreach (var i in notable.OrderBy(i => i.Outcome).ThenBy(i => i.Path, StringComparer.Ordinal))
                details.AddRow(Markup.Escape(i.Path), Label(i.Outcome),
                    Markup.Escape(i.Outcome switch
                    {
                        IngestOutcome.Moved => $"was {i.Detail}",
                        IngestOutcome.Duplicate => $"same audio as {i.Detail}",
                        IngestOutcome.SameRecording => $"same recording as {i.Detail}",
                        IngestOutcome.Gone => $"{i.Detail}: file no longer exists, still recommended",
                        IngestOutcome.Removed => $"{i.Detail}: file no longer exists, removed from the catalog",
                        _ => i.Detail ?? "",
                    }));
            console.Write(details);
        }
        if (r.AnalysedFiles > 0)
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Analysed {r.AnalysedFiles} files, {r.AnalysedAudioSeconds / 60:0.#} min of audio in {r.AnalysisElapsed.TotalSeconds:0.#} s: " +
                $"{r.AnalysedFiles / Math.Max(r.AnalysisElapsed.TotalMinutes, 1e-9):0.#} tracks/min, " +
                $"{r.AnalysedAudioSeconds / Math.Max(r.AnalysisElapsed.TotalSeconds, 1e-9):0}× real time."));
        foreach (var m in r.MissingRoots) console.WriteLine($"Not found: {m}");
        int gone = r.Count(IngestOutcome.Gone);
        if (gone > 0)
            console.WriteLine($"{gone} stored track(s) lost their file: add --prune to remove them.");
        if (r.Cancelled) console.WriteLine("Cancelled before the end: run ingest again to resume.");
    }

    private static string Label(IngestOutcome o) => o switch
    {
        IngestOutcome.Duplicate => "skipped (duplicate)",
        IngestOutcome.Gone => "gone (kept)",
        IngestOutcome.SameRecording => "skipped (same recording)",
        _ => o.ToString().ToLowerInvariant(),
    };

    private static object ToJson(IngestReport r, CatalogDatabase database) => new
    {
        database = database.Description,
        added = r.Count(IngestOutcome.Added),
        unchanged = r.Count(IngestOutcome.Unchanged),
        moved = r.Count(IngestOutcome.Moved),
        updated = r.Count(IngestOutcome.Updated),
        duplicates = r.Count(IngestOutcome.Duplicate),
        failed = r.Count(IngestOutcome.Failed),
        gone = r.Count(IngestOutcome.Gone),
        removed = r.Count(IngestOutcome.Removed),
        sameRecordings = r.Count(IngestOutcome.SameRecording),
        cancelled = r.Cancelled,
        analysedFiles = r.AnalysedFiles,
        analysedAudioSeconds = Math.Round(r.AnalysedAudioSeconds, 1),
        analysisSeconds = Math.Round(r.AnalysisElapsed.TotalSeconds, 2),
        landmarkTracks = r.LandmarkTracks,
        landmarkSeconds = Math.Round(r.LandmarkElapsed.TotalSeconds, 2),
        elapsedSeconds = Math.Round(r.Elapsed.TotalSeconds, 2),
        items = r.Items.Select(i => new { path = i.Path, outcome = i.Outcome.ToString().ToLowerInvariant(), trackId = i.TrackId, detail = i.Detail,
            sameRecordingAs = i.Outcome == IngestOutcome.SameRecording ? i.Detail : null }),
        missing = r.MissingRoots,
    };
}
