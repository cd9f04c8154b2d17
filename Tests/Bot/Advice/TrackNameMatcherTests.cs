using TuneBot.Bot.Advice;
using Xunit;

namespace TuneBot.Tests.Bot.Advice;

public sealed class TrackNameMatcherTests
{
    [Theory]
    [InlineData("Café  Noir!", "cafe noir")]
    [InlineData("AC/DC — Back_in-Black", "ac dc back in black")]
    [InlineData("아이유 - 밤편지", "아이유 밤편지")]
    public void NormalizeRemovesCaseDiacriticsAndPunctuationButKeepsHangulSyllables(string text, string expected) =>
        Assert.Equal(expected, TrackNameMatcher.Normalize(text));

    [Fact]
    public void ScoresRankClearNamesAboveThresholdAndSentencesBelow()
    {
        Assert.Equal(1, TrackNameMatcher.Score("yesterday", "Yesterday", "The Beatles"));
        Assert.True(TrackNameMatcher.Score("yesterday beatles", "Yesterday", "The Beatles") >= 0.9);
        Assert.True(TrackNameMatcher.Score("beatles yesterdy", "Yesterday", "The Beatles") >= 0.9);
        Assert.True(TrackNameMatcher.Score("밤편지", "밤편지", "아이유") >= 0.9);
        Assert.True(TrackNameMatcher.Score("yesterday", "Here Comes the Sun", "The Beatles") < 0.5);
        Assert.True(TrackNameMatcher.Score("I feel so sad about yesterday", "Yesterday", "The Beatles") < 0.9);
        Assert.Equal(0, TrackNameMatcher.Score("   ", "Yesterday", null));
    }
}
