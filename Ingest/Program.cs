using System.CommandLine;
using TuneBot.Ingest.Commands;

var root = new RootCommand("TuneBot ingest and inspection tool");
root.Subcommands.Add(EmotionCommand.Create());
return root.Parse(args).Invoke();
