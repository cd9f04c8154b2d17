using System.CommandLine;
using TuneBot.CatalogTool;
using TuneBot.CatalogTool.Commands;

// The catalog tool: every command lives in CatalogTool/Commands/<Name>Command.cs and is added here with one line.
var root = new RootCommand("TuneBot catalog tool: analyse audio, build and inspect the music catalog");
root.Subcommands.Add(AnalyzeCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(EmotionCommand.Create());
root.Subcommands.Add(IngestCommand.Create());
root.Subcommands.Add(ClusterCommand.Create());
root.Subcommands.Add(ThemesCommand.Create());
root.Subcommands.Add(ThemeCommand.Create());
root.Subcommands.Add(MapCommand.Create());
root.Subcommands.Add(BenchSearchCommand.Create());
root.Subcommands.Add(QueryCommand.Create());
root.Subcommands.Add(EvalCommand.Create());
root.Subcommands.Add(MoodsCommand.Create());

var parsed = root.Parse(args);
var exitCode = await parsed.InvokeAsync();
await CheckpointOnExitAsync(parsed);
return exitCode;

// A SQLite catalog left in WAL mode by an older version (converted at the next start) keeps recent writes in its
// -wal file until a checkpoint: fold them into the .db so that the file alone is complete when the command ends
// (copying data/tunebot.db is the obvious backup). On a rollback-journal file the checkpoint does nothing.
static async Task CheckpointOnExitAsync(ParseResult parsed)
{
    if (parsed.Errors.Count > 0 || parsed.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--db") is not Option<string?> dbOption)
        return;
    try
    {
        var database = ToolConfiguration.Database(parsed.GetValue(dbOption));
        if (database.SqliteFilePath is { } file && File.Exists(file)) await database.CheckpointAsync();
    }
    catch (Exception e) when (e is ArgumentException or TuneBot.Core.Storage.CatalogUnavailableException)
    {
        // Nothing to fold: the command already said what was wrong with its database.
    }
}
