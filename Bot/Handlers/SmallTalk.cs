using System.Text;

namespace TuneBot.Bot.Handlers;

/// <summary>What a short message that is not a feeling asks for.</summary>
public enum SmallTalkKind
{
    /// <summary>Not small talk: read it as a feeling.</summary>
    None,
    /// <summary>"hi", "안녕하세요", "test": answered with a hello and what to send.</summary>
    Greeting,
    /// <summary>"help", "?", "what can you do", "넌 누구야": answered with the help text.</summary>
    AboutTheBot,
    /// <summary>"recommend me a song", "노래 추천해줘": music asked for with no mood given, answered with the themes.</summary>
    MusicRequest,
}

/// <summary>
/// Recognises the short messages new users send that are not feelings. The emotion model reads every text as a
/// mood, so without this "test" got "You sound angry.", "help" "You sound happy." and "노래 추천해줘" a cheerful
/// playlist. Only the whole message counts (case, spacing, punctuation and emoji ignored): "help me, I'm so anxious"
/// and "hi, I'm so sad today" are feelings.
/// </summary>
public static class SmallTalk
{
    private static readonly Dictionary<string, SmallTalkKind> Phrases = Build(
        (SmallTalkKind.Greeting,
        [
            "hi", "hii", "hiii", "hello", "helo", "hey", "heya", "hiya", "howdy", "yo", "sup", "hallo",
            "hi there", "hello there", "hey there", "hi tunebot", "hello tunebot", "hey tunebot", "hi bot", "hello bot",
            "good morning", "good afternoon", "good evening", "test", "testing",
            "안녕", "안녕하세요", "안녕하십니까", "안뇽", "하이", "ㅎㅇ", "ㅎㅇㅎㅇ", "반가워", "반가워요", "반갑습니다",
            "좋은 아침", "좋은 아침이에요", "여보세요", "테스트",
        ]),
        (SmallTalkKind.AboutTheBot,
        [
            "help", "help me", "what can you do", "what do you do", "who are you", "what are you", "how does this work",
            "how do i use this", "how does it work", "what is this", "commands", "menu",
            "도움", "도움말", "도와줘", "도와주세요", "뭐 할 수 있어", "뭘 할 수 있어", "뭐 할 수 있어요", "넌 누구야", "누구세요",
            "너 누구야", "어떻게 써", "어떻게 써요", "어떻게 사용해", "어떻게 사용해요", "사용법", "뭐 하는 봇이야", "메뉴",
        ]),
        (SmallTalkKind.MusicRequest,
        [
            "music", "song", "songs", "a song", "recommend", "recommend a song", "recommend me a song", "recommend some music",
            "recommend me some music", "recommend music", "play something", "play some music", "play music", "play a song",
            "any song", "some music", "suggest a song", "suggest some music", "give me a song", "give me some music",
            "노래", "음악", "추천", "노래 추천", "음악 추천", "추천해줘", "추천해 주세요", "노래 추천해줘", "노래 추천해 주세요",
            "음악 추천해줘", "음악 추천해 주세요", "노래 틀어줘", "노래 틀어 주세요", "음악 틀어줘", "음악 틀어 주세요",
            "아무 노래나", "아무 노래나 틀어줘", "노래 좀", "노래 좀 추천해줘", "음악 좀 추천해줘", "노래 들려줘", "음악 들려줘",
        ]));

    /// <summary>What <paramref name="text"/> asks for when it is one of the known phrases and nothing else; a
    /// message of question marks alone is a question about the bot.</summary>
    public static SmallTalkKind Classify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 60) return SmallTalkKind.None;
        var letters = Normalise(text);
        if (letters.Length == 0)
            return text.Trim().All(c => c is '?' or '？') ? SmallTalkKind.AboutTheBot : SmallTalkKind.None;
        return Phrases.GetValueOrDefault(letters, SmallTalkKind.None);
    }

    /// <summary>Lower-case letters only: spacing varies in Korean ("추천해줘" / "추천해 줘"), punctuation and emoji
    /// everywhere ("hi!!", "hi 👋").</summary>
    private static string Normalise(string text)
    {
        var letters = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
            if (Rune.IsLetter(rune)) letters.Append(Rune.ToLowerInvariant(rune).ToString());
        return letters.ToString();
    }

    private static Dictionary<string, SmallTalkKind> Build(params (SmallTalkKind Kind, string[] Phrases)[] groups)
    {
        var map = new Dictionary<string, SmallTalkKind>(StringComparer.Ordinal);
        foreach (var (kind, phrases) in groups)
            foreach (var phrase in phrases)
                map.Add(Normalise(phrase), kind);   // Add: a phrase listed under two kinds is a mistake
        return map;
    }
}
