using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TuneBot.Bot.Console;
using TuneBot.Bot.Hosting;
using TuneBot.Bot.Ports;
using Xunit;

namespace TuneBot.Tests.Bot;

/// <summary>The console chat runs the same handlers: text in, playlists and numbered buttons out.</summary>
public sealed class ConsoleChatTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tunebot-console-tests-" + Guid.NewGuid().ToString("N"));

    public ConsoleChatTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task MoodButtonsCanBePressedByNumberAndAudioPathsAreSentAsClips()
    {
        var db = $"Data Source={Path.Combine(_dir, "c.db")}";
        var clip = Path.Combine(_dir, "clip.ogg");
        await File.WriteAllBytesAsync(clip, [1, 2, 3, 4]);
        var advisor = new TestDoubleMusicAdvisor();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Catalog"] = db, ["Console:Language"] = "en",
        });
        builder.Services.AddSingleton<IMusicAdvisor>(advisor);
        builder.Services.AddSingleton<IEmotionReader>(new TestDoubleEmotionReader());
        builder.Services.AddTuneBotHandlers(builder.Configuration).AddTuneBotConsole();
        using var host = builder.Build();
        var output = new StringWriter();
        host.Services.GetRequiredService<ConsoleChat>().UseStreams(new StringReader($"/mood\n2\n{clip}\n/forget\n"), output);
        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var text = output.ToString();
        Assert.Contains("Pick a theme:", text);
        Assert.Contains("[2] ☀️ Bright mornings", text);
        Assert.Contains("☀️ Bright mornings\nUpbeat", text);          // HTML reduced to plain text
        Assert.Contains("1. Nell – Rock & <Roll> (3:45)", text);
        Assert.Contains("theme 1/1", advisor.Requests);
        Assert.Equal([1, 2, 3, 4], Assert.Single(advisor.Clips).Bytes);
        Assert.Contains("Done: I deleted everything", text);
    }
}
