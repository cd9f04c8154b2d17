using System.Text;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Localization;
using TuneBot.Bot.Ports;
using Xunit;

namespace TuneBot.Tests.Bot;

public sealed class BotFormattingTests
{
    [Fact]
    public void PlaylistEscapesHtmlAndNumbersTracksWithLengthsAndMatchPositions()
    {
        var playlist = new Playlist(TestDoubleMusicAdvisor.Calm, TestDoubleMusicAdvisor.Tracks, "a1");
        var text = PlaylistFormatter.Text(playlist, Strings.English, "You sound anxious.");
        Assert.StartsWith("You sound anxious.\n\n🌙 <b>Late-night calm</b>\n<i>Soft &amp; slow &lt;things&gt;</i>", text);
        Assert.Contains("1. Nell – Rock &amp; &lt;Roll&gt; (3:45) · closest at 1:12", text);
        Assert.Contains("2. IU – 밤편지 (4:13)\n", text);
        Assert.DoesNotContain("matched at", text);   // not a recognised clip: no track is the song itself
        var korean = PlaylistFormatter.Text(playlist, Strings.Korean);
        Assert.Contains("1:12 부분이 가장 비슷", korean);
        Assert.DoesNotContain(Strings.English.NoCloseMatch, text);
    }

    [Fact]
    public void ATrackWithoutAnArtistIsListedWithoutADash()
    {
        var tracks = new[] { new PlaylistTrack(1, "", "hw-City", 299, null), new PlaylistTrack(2, "Hedgewars", "City", 299, 12) };
        var text = PlaylistFormatter.Text(new Playlist(TestDoubleMusicAdvisor.Calm, tracks, "a1", Identified: true), Strings.English);
        Assert.Contains("\n1. hw-City (4:59)\n", text);
        Assert.Contains("2. Hedgewars – City (4:59)", text);
        Assert.DoesNotContain(" – hw-City", text);
    }

    [Fact]
    public void AThemeDescriptionIsShownWholeUpToTheKeyAtItsEnd()
    {
        const string description = "Moderate tempo (~121 BPM), medium loudness, rhythm and melody balanced, warm tone, leaning major (D major).";
        var theme = TestDoubleMusicAdvisor.Calm with { Description = description };
        var text = PlaylistFormatter.Text(new Playlist(theme, TestDoubleMusicAdvisor.Tracks, null), Strings.English);
        Assert.Contains($"<i>{description}</i>", text);
        var endless = TestDoubleMusicAdvisor.Calm with { Description = new string('x', 500) };
        Assert.Contains(new string('x', 159) + "…</i>", PlaylistFormatter.Text(new Playlist(endless, TestDoubleMusicAdvisor.Tracks, null), Strings.English));
    }

    [Fact]
    public void ARecognisedClipNamesItsSongFirstAndOnlyThatSongIsMatched()
    {
        var playlist = new Playlist(TestDoubleMusicAdvisor.Calm, TestDoubleMusicAdvisor.Tracks, "a1", Identified: true);
        var text = PlaylistFormatter.Text(playlist, Strings.English);
        Assert.StartsWith("🎧 Found it: <b>Nell – Rock &amp; &lt;Roll&gt;</b>, from 1:12.", text);
        Assert.Contains("1. Nell – Rock &amp; &lt;Roll&gt; (3:45) · matched at 1:12", text);
        Assert.Contains("3. Daft Punk – Something About Us (3:52) · closest at 0:10", text);
        var korean = PlaylistFormatter.Text(playlist, Strings.Korean);
        Assert.StartsWith("🎧 찾았어요: <b>Nell – Rock &amp; &lt;Roll&gt;</b> (1:12 부분).", korean);
        Assert.Contains("1:12 부분과 일치", korean);
        Assert.Contains("0:10 부분이 가장 비슷", korean);
    }

    [Fact]
    public void APlaylistOfClosestTracksSaysTheSongItselfWasNotFoundBeforeAnyHeadingAndClaimsNoMatch()
    {
        var playlist = new Playlist(TestDoubleMusicAdvisor.Calm, TestDoubleMusicAdvisor.Tracks, "a1", ClosestOnly: true);
        var text = PlaylistFormatter.Text(playlist, Strings.English, "You sound anxious.");
        Assert.StartsWith(Strings.English.NoCloseMatch + "\n\nYou sound anxious.\n\n🌙 <b>Late-night calm</b>", text);
        Assert.Contains("1. Nell – Rock &amp; &lt;Roll&gt; (3:45) · closest at 1:12", text);
        Assert.DoesNotContain("matched at", text);
        var korean = PlaylistFormatter.Text(playlist, Strings.Korean);
        Assert.StartsWith(Strings.Korean.NoCloseMatch + "\n\n🌙", korean);
        Assert.Contains("1:12 부분이 가장 비슷", korean);
        Assert.DoesNotContain("일치", korean);
    }

    [Fact]
    public void EveryButtonFitsTelegramsCallbackLimitAndOversizedAnchorsAreDropped()
    {
        var many = Enumerable.Range(0, 15).Select(i => new PlaylistTrack(long.MaxValue - i, "A", "T", 60, 1e6)).ToArray();
        var buttons = PlaylistFormatter.Buttons(new Playlist(TestDoubleMusicAdvisor.Calm, many, new string('x', 70)), Strings.English);
        var all = buttons.SelectMany(r => r).ToList();
        Assert.All(all, b => Assert.InRange(Encoding.UTF8.GetByteCount(b.Data), 1, CallbackData.MaxBytes));
        Assert.Equal(PlaylistFormatter.MaxTracks, all.Count(b => b.Label.StartsWith("▶ ")));
        Assert.DoesNotContain(all, b => b.Label == Strings.English.MoreLikeThis);
        Assert.Contains(all, b => b.Data == "g");
        Assert.False(CallbackData.Fits(new string('é', 33)));
    }

    [Theory]
    [InlineData("/start", "start", "")]
    [InlineData("/similar@tunebot_bot  Yesterday Beatles ", "similar", "Yesterday Beatles")]
    [InlineData("/MOOD", "mood", "")]
    public void CommandsSplitIntoNameAndArgument(string text, string command, string argument) =>
        Assert.Equal((command, argument), UpdateRouter.SplitCommand(text.Trim()));

    [Theory]
    [InlineData("hi", SmallTalkKind.Greeting)]
    [InlineData("  Hello!!! 👋 ", SmallTalkKind.Greeting)]
    [InlineData("hey   there :)", SmallTalkKind.Greeting)]
    [InlineData("Good morning.", SmallTalkKind.Greeting)]
    [InlineData("안녕하세요~", SmallTalkKind.Greeting)]
    [InlineData("ㅎㅇ", SmallTalkKind.Greeting)]
    [InlineData("안녕 😊", SmallTalkKind.Greeting)]
    [InlineData("test", SmallTalkKind.Greeting)]
    [InlineData("Help", SmallTalkKind.AboutTheBot)]
    [InlineData("???", SmallTalkKind.AboutTheBot)]
    [InlineData("What can you do?", SmallTalkKind.AboutTheBot)]
    [InlineData("넌 누구야?", SmallTalkKind.AboutTheBot)]
    [InlineData("Recommend me a song", SmallTalkKind.MusicRequest)]
    [InlineData("노래 추천해 줘!", SmallTalkKind.MusicRequest)]
    [InlineData("노래추천해줘", SmallTalkKind.MusicRequest)]
    [InlineData("hi, I'm so sad today", SmallTalkKind.None)]
    [InlineData("안녕... 오늘 너무 우울해", SmallTalkKind.None)]
    [InlineData("help me, I'm so anxious about tomorrow", SmallTalkKind.None)]
    [InlineData("recommend me a song, I'm really down", SmallTalkKind.None)]
    [InlineData("history", SmallTalkKind.None)]
    [InlineData("👋", SmallTalkKind.None)]
    [InlineData("😢?", SmallTalkKind.None)]
    [InlineData("", SmallTalkKind.None)]
    [InlineData(null, SmallTalkKind.None)]
    public void OnlyAMessageThatIsNothingButAKnownPhraseIsSmallTalk(string? text, SmallTalkKind kind) =>
        Assert.Equal(kind, SmallTalk.Classify(text));

    [Fact]
    public void CallbackDataRoundTrips()
    {
        var parsed = CallbackData.Parse(CallbackData.ForTheme(new ThemeKey(null, 4)))!.Value;
        Assert.Equal(CallbackData.Theme, parsed.Verb);
        Assert.Equal(["-", "4"], parsed.Args);
        Assert.Null(CallbackData.Parse("garbage"));
        Assert.Null(CallbackData.Parse(""));
    }

    [Theory]
    [InlineData("ko", "ko")]
    [InlineData("ko-KR", "ko")]
    [InlineData("en-US", "en")]
    [InlineData(null, "en")]
    [InlineData("de", "en")]
    public void LanguageComesFromTheUsersLanguageCode(string? code, string expected) =>
        Assert.Equal(expected, Strings.For(code).Code);
}
