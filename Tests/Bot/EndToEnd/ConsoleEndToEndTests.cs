using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TuneBot.Bot.Advice;
using TuneBot.Bot.Console;
using TuneBot.Bot.Hosting;
using TuneBot.Tests.Bot.Advice;
using Xunit;

namespace TuneBot.Tests.Bot.EndToEnd;

/// <summary>Console mode (no token) with the real advisor and classifier: scripted stdin, the printed chat checked.</summary>
[Collection(GeneratedCatalogCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ConsoleEndToEndTests(GeneratedCatalog catalog)
{
    [Fact]
    public async Task TextMoodKeyboardAndAnAudioPathAreAnsweredWithRealPlaylists()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tunebot-console-e2e-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            await catalog.Database.CheckpointAsync();
            SqliteConnection.ClearAllPools();
            var db = Path.Combine(dir, "catalog.db");
            File.Copy(catalog.DatabasePath, db);

            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Catalog"] = $"Data Source={db}", ["Console:Language"] = "en",
            });
            builder.Services.AddTuneBotAdvice(builder.Configuration);
            builder.Services.AddTuneBotHandlers(builder.Configuration).AddTuneBotConsole();
            using var host = builder.Build();
            var output = new StringWriter();
            // Buttons are numbered over the whole session: /mood first, so its first theme is "1".
            var script = $"/mood\n1\nI am so happy today, everything is wonderful and I love it!\n{catalog.VoiceNotePath}\n";
            host.Services.GetRequiredService<ConsoleChat>().UseStreams(new StringReader(script), output);
            await host.StartAsync();
            await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(90));

            var text = output.ToString();
            Assert.Contains("You sound happy.", text);
            Assert.Contains("Pick a theme:", text);
            Assert.Contains($"1. Glass Harp – {GeneratedCatalog.VoiceSource} (", text);
            Assert.Contains("▶ 1", text);
            Assert.DoesNotContain("<b>", text);
            // Three playlists: the mood's, the picked theme's and the clip's.
            Assert.True(text.Split('\n').Count(l => l.StartsWith("1. ", StringComparison.Ordinal)) >= 3, text);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
