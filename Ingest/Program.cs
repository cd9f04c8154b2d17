using System.CommandLine;
using TuneBot.Ingest.Commands;

// The catalog tool: every command lives in Ingest/Commands/<Name>Command.cs and is added here with one line.
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

return await root.Parse(args).InvokeAsync();
