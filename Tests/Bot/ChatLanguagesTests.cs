using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using TuneBot.Bot.Localization;
using Xunit;

namespace TuneBot.Tests.Bot;

public sealed class ChatLanguagesTests
{
    [Theory]
    [InlineData("오늘 너무 우울해", "ko")]
    [InlineData("ㅠㅠ", "ko")]
    [InlineData("I feel 우울 today", "ko")]          // any Hangul: Korean users mix in English words, rarely the reverse
    [InlineData("I'm so nervous about tomorrow", "en")]
    [InlineData("feeling down", "en")]
    [InlineData("Yesterday", null)]                  // a single Latin word may be a song title
    [InlineData("I'm", null)]
    [InlineData("/mood", null)]
    [InlineData("/similar 봄날", null)]               // commands say nothing about the language
    [InlineData("😢😢", null)]
    [InlineData("123 456", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void The_words_written_decide_the_language(string? text, string? expected) =>
        Assert.Equal(expected, ChatLanguages.WrittenLanguage(text));

    [Fact]
    public void A_chat_keeps_the_language_it_wrote_in_until_it_writes_in_another()
    {
        var languages = new ChatLanguages();
        Assert.Equal("en", languages.For(VoiceFrom(1, "en"), 1).Code);          // nothing written yet: language_code
        Assert.Null(languages.Learn(1, "hi"));                                   // one Latin word tells nothing
        Assert.Equal("ko", languages.Learn(1, "너무 슬퍼")!.Code);
        Assert.Equal("ko", languages.For(VoiceFrom(1, "en"), 1).Code);          // a voice note has no words
        Assert.Null(languages.Learn(1, "Yesterday"));
        Assert.Equal("ko", languages.For(VoiceFrom(1, "en"), 1).Code);
        Assert.Equal("en", languages.Learn(1, "play something calm")!.Code);
        Assert.Equal("en", languages.For(VoiceFrom(1, "ko"), 1).Code);
        Assert.Equal("ko", languages.For(VoiceFrom(2, "ko"), 2).Code);          // other chats are unaffected
        Assert.Equal(1, languages.Count);

        languages.Forget(1);
        Assert.Equal(0, languages.Count);
        Assert.Equal("ko", languages.For(VoiceFrom(1, "ko"), 1).Code);
    }

    [Fact]
    public void The_memory_is_bounded_and_drops_the_least_recently_active_chat()
    {
        var languages = new ChatLanguages(capacity: 2);
        languages.Learn(1, "너무 슬퍼");
        languages.Learn(2, "너무 기뻐");
        languages.For(VoiceFrom(1, "en"), 1);                          // chat 1 is active again; chat 2 is now the oldest
        languages.Learn(3, "정말 화나");
        Assert.Equal(2, languages.Count);
        Assert.Equal("ko", languages.For(VoiceFrom(1, "en"), 1).Code);
        Assert.Equal("en", languages.For(VoiceFrom(2, "en"), 2).Code);  // dropped: back to language_code
        Assert.Equal("ko", languages.For(VoiceFrom(3, "en"), 3).Code);
    }

    private static Update VoiceFrom(long chat, string language) => new()
    {
        Message = new Message
        {
            Chat = new Chat { Id = chat, Type = ChatType.Private }, From = new User { Id = chat, FirstName = "u", LanguageCode = language },
            Voice = new Voice { FileId = "v", Duration = 5 },
        },
    };
}
