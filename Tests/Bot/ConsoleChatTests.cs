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
[Trait("Category", "Integration")]
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

    private async Task<(string Output, TestDoubleMusicAdvisor Advisor)> ChatAsync(string input, string language = "en")
    {
        var advisor = new TestDoubleMusicAdvisor();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Catalog"] = $"Data Source={Path.Combine(_dir, "c.db")}", ["Console:Language"] = language,
        });
        builder.Services.AddSingleton<IMusicAdvisor>(advisor);
        builder.Services.AddSingleton<IEmotionReader>(new TestDoubleEmotionReader());
        builder.Services.AddTuneBotHandlers(builder.Configuration).AddTuneBotConsole();
        using var host = builder.Build();
        var output = new StringWriter();
        host.Services.GetRequiredService<ConsoleChat>().UseStreams(new StringReader(input), output);
        await host.RunAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (output.ToString(), advisor);
    }

    [Fact]
    public async Task ButtonsOfAnEarlierReplyStayPressableAndAreNumberedUniquely()
    {
        var (text, advisor) = await ChatAsync("/mood\n1\n2\n");
        Assert.Contains("theme 1/0", advisor.Requests);
        Assert.Contains("theme 1/1", advisor.Requests);     // "2" still pressed the second theme of the first reply
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, @"\[1\] "));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, @"\[2\] "));
    }

    [Fact]
    public async Task AMissingPathIsAnsweredFileNotFoundNotReadAsAFeeling()
    {
        var name = $"nope-{Guid.NewGuid():N}.ogg";
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var (text, advisor) = await ChatAsync($"~/{name}\n'{_dir}/no such.mp3'\n{name}\n");
        Assert.Contains($"file not found: {Path.Combine(home, name)}", text);
        Assert.Contains($"file not found: {_dir}/no such.mp3", text);
        Assert.Contains($"file not found: {Path.GetFullPath(name)}", text);
        Assert.DoesNotContain(advisor.Requests, r => r.StartsWith("mood", StringComparison.Ordinal));
        Assert.Empty(advisor.Clips);
    }

    [Fact]
    public async Task AQuotedPathWithSpacesIsSentAsAClip()
    {
        var clip = Path.Combine(_dir, "my clip.ogg");
        await File.WriteAllBytesAsync(clip, [5, 6, 7]);
        var (_, advisor) = await ChatAsync($"\"{clip}\"\n");
        Assert.Equal([5, 6, 7], Assert.Single(advisor.Clips).Bytes);
    }

    [Theory]
    [InlineData("/mood", false)]
    [InlineData("I feel good/bad today", false)]
    [InlineData("so calm.", false)]
    [InlineData("~/clip.ogg", true)]
    [InlineData("clip.mp3", true)]
    [InlineData("music/clip", true)]
    [InlineData("'/tmp/a b.wav'", true)]
    public void WhatLooksLikeAPath(string line, bool expected) => Assert.Equal(expected, ConsolePaths.LooksLikePath(line, out _));

    /// <summary>The real bot program, without a token, its stdin at end of input at once (as with &lt; /dev/null).</summary>
    private async Task<(int ExitCode, string Stdout, string Stderr)> RunBotAsync(string input, Dictionary<string, string>? environment = null)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "tunebot-bot.dll")])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir,
        };
        start.Environment.Remove("TUNEBOT_TOKEN");
        start.Environment.Remove("Telegram__Token");
        start.Environment["ConnectionStrings__Catalog"] = $"Data Source={Path.Combine(_dir, "bot.db")}";
        foreach (var (k, v) in environment ?? []) start.Environment[k] = v;
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task EndOfInputRightAtTheStartExitsZero()
    {
        var (exit, stdout, stderr) = await RunBotAsync("");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("TuneBot console chat", stdout);
        Assert.DoesNotContain("Hosting failed", stderr);
    }

    [Fact]
    public async Task PipedCommandsAreAnsweredThenTheProgramExitsZeroAndInfoLogsStayOutOfTheChat()
    {
        var (exit, stdout, stderr) = await RunBotAsync("/help\n");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("/mood", stdout[stdout.IndexOf("> ", StringComparison.Ordinal)..]);   // the reply to /help
        Assert.DoesNotContain(" info: ", stderr);
    }

    [Fact]
    public async Task WithoutATerminalWhereOneIsRequiredTheBotExitsNonZeroWithOneLine()
    {
        var (exit, stdout, stderr) = await RunBotAsync("", new() { ["Console__RequireTerminal"] = "true" });
        Assert.NotEqual(0, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no Telegram token", line);
    }

    [Fact]
    public async Task TheButtonHintIsInTheLanguageOfTheReply()
    {
        var (text, _) = await ChatAsync("오늘 기분이 너무 좋아요\n", language: "en");
        Assert.Contains("(버튼 번호나 이름을 입력하면 눌러져요)", text);
        Assert.DoesNotContain("type a button's number", text);
    }

    [Fact]
    public async Task PreviewsLiveInTheSessionFolderWhichIsRemovedAtTheEnd()
    {
        var (text, _) = await ChatAsync("/mood\n1\n4\n");
        var preview = text.Split('\n').FirstOrDefault(l => l.Contains("🎧"));
        Assert.True(preview is not null, text);
        var path = preview[(preview.LastIndexOf(": ", StringComparison.Ordinal) + 2)..].Trim();
        Assert.Contains("tunebot-console-", path);
        Assert.False(File.Exists(path), $"{path} outlived the session");
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
    }
}
