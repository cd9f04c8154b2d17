using TuneBot.Bot.Handlers;
using Xunit;

namespace TuneBot.Tests.Bot;

/// <summary>
/// Issue 12: a message that carries no feeling is small talk, not a mood. Before the fix every one of these went
/// to the classifier, which read "thanks", "고마워" and "lol" as happy (≥ 0.99) and "the" as anxious.
/// </summary>
public sealed class NoFeelingTests
{
    [Theory]
    [InlineData("ok")]
    [InlineData("OK!")]
    [InlineData("okay")]
    [InlineData("thanks")]
    [InlineData("Thank you!!")]
    [InlineData("thanks 🙏")]
    [InlineData("hmm")]
    [InlineData("hmmmm...")]
    [InlineData("lol")]
    [InlineData("lolol")]
    [InlineData("hahaha")]
    [InlineData("asdfgh")]
    [InlineData("qwerty")]
    [InlineData("sdfghjk")]
    [InlineData("the")]
    [InlineData("and")]
    [InlineData("so")]
    [InlineData("ㅇㅋ")]
    [InlineData("고마워")]
    [InlineData("감사합니다")]
    [InlineData("ㅋㅋ")]
    [InlineData("ㅋㅋㅋㅋㅋ")]
    [InlineData("ㅎㅎ")]
    [InlineData("음")]
    [InlineData("음...")]
    [InlineData("ㅁㄴㅇㄹ")]
    [InlineData("그리고")]
    public void A_message_with_no_feeling_is_small_talk(string text) =>
        Assert.Equal(SmallTalkKind.NoFeeling, SmallTalk.Classify(text));

    [Theory]
    [InlineData("ok I'm really sad today")]
    [InlineData("thanks, I feel much better now")]
    [InlineData("lol I'm so nervous")]
    [InlineData("ㅠㅠ")]
    [InlineData("ㅡㅡ")]
    [InlineData("고마워 덕분에 기분이 좋아졌어")]
    [InlineData("happy")]
    [InlineData("sad")]
    [InlineData("history")]
    [InlineData("trees")]
    [InlineData("I'm fine")]
    public void A_feeling_with_small_talk_around_it_is_still_a_feeling(string text) =>
        Assert.Equal(SmallTalkKind.None, SmallTalk.Classify(text));

    [Theory]
    [InlineData("hi", SmallTalkKind.Greeting)]
    [InlineData("ㅎㅇ", SmallTalkKind.Greeting)]
    [InlineData("help", SmallTalkKind.AboutTheBot)]
    public void The_other_small_talk_keeps_its_own_answer(string text, SmallTalkKind kind) =>
        Assert.Equal(kind, SmallTalk.Classify(text));
}
