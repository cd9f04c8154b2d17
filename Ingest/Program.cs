using System.CommandLine;
using TuneBot.Ingest.Commands;

var root = new RootCommand("TuneBot ingest and maintenance tool");
root.Subcommands.Add(BenchSearchCommand.Create());
return root.Parse(args).Invoke();
