using System.Text;

namespace TuneBot.Bot.Handlers;

/// <summary>
/// Recognises a message that is only a greeting ("hi", "Hello!", "안녕하세요 😊"). A new user's first message is
/// often one, and the emotion model reads it as neutral, so the bot would answer "You sound calm" with a playlist
/// instead of saying what it can do. Only the whole message counts: "hi, I'm so sad today" is a feeling.
/// </summary>
public static class Greeting
{
    private static readonly HashSet<string> Phrases = new(StringComparer.Ordinal)
    {
        "hi", "hii", "hiii", "hello", "helo", "hey", "heya", "hiya", "howdy", "yo", "sup", "hallo",
        "hi there", "hello there", "hey there", "hi tunebot", "hello tunebot", "hey tunebot", "hi bot", "hello bot",
        "good morning", "good afternoon", "good evening",
        "안녕", "안녕하세요", "안녕하십니까", "안뇽", "하이", "ㅎㅇ", "ㅎㅇㅎㅇ", "반가워", "반가워요", "반갑습니다",
        "좋은 아침", "좋은 아침이에요", "여보세요",
    };

    /// <summary>True when <paramref name="text"/> is a greeting and nothing else (case, punctuation, emoji and
    /// spacing ignored).</summary>
    public static bool IsGreeting(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40) return false;
        var words = new StringBuilder(text.Length);
        bool space = false;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetter(rune))
            {
                if (space && words.Length > 0) words.Append(' ');
                words.Append(Rune.ToLowerInvariant(rune).ToString());
                space = false;
            }
            else if (Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune)) space = true;
            // Emoji, symbols and digits are dropped: "hi 👋" and "hi!!" are both "hi".
        }
        return Phrases.Contains(words.ToString());
    }
}
