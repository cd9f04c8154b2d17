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
    /// <summary>"ok", "thanks", "lol", "hmm", "ㅇㅋ", "고마워", a keyboard mash, a lone function word: no feeling at all,
    /// answered with a short acknowledgement and what to send (issue 12: these got playlists).</summary>
    NoFeeling,
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
        ]),
        (SmallTalkKind.NoFeeling,
        [
            "ok", "okay", "okey", "okie", "okk", "k", "kk", "alright", "all right", "sure", "yes", "yeah", "yep", "yup", "ya",
            "no", "nope", "nah", "maybe", "fine by me", "got it", "i see", "cool", "noted", "ok thanks", "ok thank you",
            "thanks", "thank you", "thx", "thnx", "ty", "tysm", "thanks a lot", "thank you so much",
            "thank you very much", "thanks so much", "cheers", "no problem", "np", "never mind", "nvm", "whatever",
            "hmm", "hm", "hmmm", "mm", "um", "umm", "uh", "uhh", "er", "erm", "eh", "oh", "ah", "huh", "well",
            "lol", "lmao", "lmfao", "rofl", "haha", "hahaha", "hehe", "xd",
            "ㅇㅋ", "ㅇㅋㅇㅋ", "ㅇㅇ", "ㄱㅅ", "ㄳ", "ㄴㄴ", "ㅇㅎ", "응", "어", "네", "예", "넵", "넹", "아니", "아니요", "오키", "오케이", "오케",
            "알겠어", "알겠어요", "알겠습니다", "알았어", "알았어요", "그래", "그래요", "그렇구나", "그렇군요", "좋아요 알겠어요",
            "고마워", "고마워요", "고맙습니다", "감사", "감사해요", "감사합니다", "땡큐", "됐어", "됐어요", "뭐", "글쎄", "글쎄요",
            "음", "음음", "흠", "흠흠", "아", "아하", "오", "헐", "ㅋ", "ㅎ",
        ]));

    // A whole message of one of these words is a lone function word: it carries no feeling.
    private static readonly HashSet<string> FunctionWords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "and", "or", "but", "so", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "if", "then",
        "is", "am", "are", "was", "be", "it", "i", "me", "you", "we", "this", "that", "these", "those", "what", "which", "just",
        "very", "too", "also", "not", "do", "does", "did", "have", "has", "there", "here",
        "그리고", "그런데", "근데", "그래서", "그냥", "그", "이", "저", "좀", "왜", "또", "및", "는", "은", "가", "를", "을", "의",
    };

    /// <summary>What <paramref name="text"/> asks for when it is one of the known phrases and nothing else; a
    /// message of question marks alone is a question about the bot.</summary>
    public static SmallTalkKind Classify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 60) return SmallTalkKind.None;
        var letters = Normalise(text);
        if (letters.Length == 0)
            return text.Trim().All(c => c is '?' or '？') ? SmallTalkKind.AboutTheBot : SmallTalkKind.None;
        if (Phrases.TryGetValue(letters, out var kind)) return kind;
        return CarriesNoFeeling(text, letters) ? SmallTalkKind.NoFeeling : SmallTalkKind.None;
    }

    /// <summary>Laughter ("ㅋㅋㅋ", "hahaha", "lolol"), a keyboard mash ("asdfgh", "ㅁㄴㅇㄹ") or a lone function word.</summary>
    private static bool CarriesNoFeeling(string text, string letters)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 1 && FunctionWords.Contains(letters)) return true;
        if (Laughter.IsMatch(letters)) return true;
        // Hangul letters typed without forming syllables (ㅁㄴㅇㄹ) are a mash; ㅠㅠ, ㅜㅜ and ㅡㅡ are feelings.
        if (letters.All(c => c is >= '\u3131' and <= '\u318E') && !letters.Any(c => c is 'ㅠ' or 'ㅜ' or 'ㅡ')) return true;
        return words.Length == 1 && IsKeyboardMash(letters);
    }

    private static readonly System.Text.RegularExpressions.Regex Laughter = new(
        "^(?:[ㅋㅎ]+|(?:ha|he|hi|ah){2,}h?|(?:lo)+l+|lmf?ao+|x+d+|h+m+|u+m+|m{2,})$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly string[] KeyboardRows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];

    /// <summary>
    /// Latin letters of which every neighbouring pair is the same key or side by side on one QWERTY row
    /// ("asdfgh", "qwerty", "jkjkjk"), at least 5 of them, or 5+ letters with no vowel at all ("sdfghj", "xkcdq").
    /// </summary>
    private static bool IsKeyboardMash(string letters)
    {
        if (letters.Length < 5 || !letters.All(c => c is >= 'a' and <= 'z')) return false;
        if (!letters.Any(c => "aeiouy".Contains(c))) return true;
        for (int i = 1; i < letters.Length; i++)
        {
            char a = letters[i - 1], b = letters[i];
            if (a == b) continue;
            if (!KeyboardRows.Any(r => r.IndexOf(a) is var x and >= 0 && r.IndexOf(b) is var y and >= 0 && Math.Abs(x - y) == 1)) return false;
        }
        return true;
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
