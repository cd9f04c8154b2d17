using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TuneBot.Bot.Advice;
using TuneBot.Bot.Console;
using TuneBot.Bot.Hosting;
using TuneBot.Bot.Localization;
using TuneBot.Tests.Bot.Advice;
using Xunit;

namespace TuneBot.Tests.Bot.EndToEnd;

/// <summary>
/// Issue 12: pressing a mood button gives that mood's playlist, 😌 calm included, and the reply names the mood.
/// The console chat with the real advisor and classifier over <see cref="MoodCatalog"/>, whose track titles name
/// the family (mood) each track was generated for. Before the fix the calm button got the theme nearest the
/// middle of the plane (the anxious tracks here) and "lift my mood" did not say which mood it lifted.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MoodButtonsConsoleTests(MoodCatalog catalog) : IClassFixture<MoodCatalog>
{
    private static readonly Strings En = Strings.English;

    private async Task<string> ChatAsync(string script)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Catalog"] = catalog.ConnectionString, ["Console:Language"] = "en",
        });
        builder.Services.AddTuneBotAdvice(builder.Configuration);
        builder.Services.AddTuneBotHandlers(builder.Configuration).AddTuneBotConsole();
        using var host = builder.Build();
        var output = new StringWriter();
        host.Services.GetRequiredService<ConsoleChat>().UseStreams(new StringReader(script), output);
        await host.StartAsync();
        await host.WaitForShutdownAsync().WaitAsync(TimeSpan.FromSeconds(90));
        return output.ToString();
    }

    /// <summary>The ten track lines after <paramref name="heading"/>.</summary>
    private static string[] TracksAfter(string text, string heading)
    {
        int at = text.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no “{heading}” in:\n{text}");
        return text[at..].Split('\n').SkipWhile(l => !l.StartsWith("1. ", StringComparison.Ordinal))
            .TakeWhile(l => l.Length > 0 && char.IsDigit(l[0])).ToArray();
    }

    [Theory]
    [InlineData("happy", "😊 happy", "Happy", "I lost my job today and I feel empty and alone.")]
    [InlineData("sad", "😢 sad", "Sad", "I am so happy today, everything is wonderful and I love it!")]
    [InlineData("angry", "😠 angry", "Angry", "I am so happy today, everything is wonderful and I love it!")]
    [InlineData("anxious", "😟 anxious", "Anxious", "I am so happy today, everything is wonderful and I love it!")]
    [InlineData("neutral", "😌 calm", "Calm", "I am so happy today, everything is wonderful and I love it!")]
    public async Task A_mood_button_gives_that_moods_playlist_and_the_reply_names_it(string label, string button, string family, string text)
    {
        var chat = await ChatAsync($"{text}\n{button}\n{(label == "happy" ? "" : En.LiftMood + "\n")}");
        var tracks = TracksAfter(chat, En.YouFeel(En.Emotion(label)));
        Assert.Equal(10, tracks.Length);
        Assert.All(tracks, t => Assert.Contains($"Generated – {family} ", t));
        if (label == "happy") return;
        // "Lift my mood" under it starts from that mood, and says so.
        var lift = TracksAfter(chat, En.LiftingFrom(En.Emotion(label)));
        Assert.Equal(10, lift.Length);
        Assert.Contains($"Generated – {family} ", lift[0]);
    }

    [Fact]
    public async Task Ok_and_thanks_get_the_small_talk_answer_not_a_playlist_in_both_languages()
    {
        var chat = await ChatAsync("ok\nthanks\nlol\nasdfgh\nㅇㅋ\n고마워\nㅋㅋ\n음\n");
        Assert.DoesNotContain("\n1. ", chat);
        Assert.DoesNotContain(En.YouSound(En.Emotion("happy")), chat);
        int english = chat.Split(En.NoFeeling[..20]).Length - 1, korean = chat.Split(Strings.Korean.NoFeeling[..10]).Length - 1;
        Assert.True(english + korean == 8, chat);
        Assert.True(korean >= 1, chat);   // a Korean "고마워" is answered in Korean
    }
}
