using Telegram.Bot.Types;
using TuneBot.Bot.Transport;

namespace TuneBot.Bot.Localization;

/// <summary>
/// Chooses the language of each answer. Telegram's language_code is the user's app interface language, which
/// is often English for someone who writes to the bot in Korean; what the user writes is the better signal. So a
/// feeling written with Hangul is answered in Korean and one written as a sentence in Latin letters in English,
/// and the chat keeps that language for what follows (voice notes, buttons and commands carry no words of their
/// own). Until a chat has written something telling, language_code decides. Only free text teaches: a song title
/// ("/similar 밤편지", or just "밤편지") says what the user listens to, not which language they read.
/// </summary>
/// <remarks>
/// The memory is in-process and bounded (least recently used chats go first); the inbox stores each learned language
/// with the chat's state and restores it after a restart or eviction. <see cref="Forget"/> drops a chat, for /forget.
/// </remarks>
public sealed class ChatLanguages(int capacity = ChatLanguages.DefaultCapacity)
{
    public const int DefaultCapacity = 50_000;

    private readonly object _lock = new();
    private readonly Dictionary<long, LinkedListNode<(long Chat, string Language)>> _byChat = [];
    private readonly LinkedList<(long Chat, string Language)> _recency = new();   // most recent first

    /// <summary>The strings to answer <paramref name="update"/> in: the chat's remembered language, else language_code.</summary>
    public Strings For(Update update, long chatId)
    {
        string? remembered;
        lock (_lock) remembered = Touch(chatId);
        return Strings.For(remembered ?? update.Sender?.LanguageCode);
    }

    /// <summary>
    /// Learns from the user's own words (free text, not a command or a title): the strings for the language they
    /// show, now remembered for the chat, or null when they tell nothing.
    /// </summary>
    public Strings? Learn(long chatId, string words)
    {
        if (WrittenLanguage(words) is not { } language) return null;
        lock (_lock)
        {
            Remember(chatId, language);
            Touch(chatId);
        }
        return Strings.For(language);
    }

    /// <summary>Whether the chat's language is in memory (else the stored one, if any, is to be restored).</summary>
    public bool Knows(long chatId)
    {
        lock (_lock) return _byChat.ContainsKey(chatId);
    }

    /// <summary>Puts a language stored before a restart back in memory, unless the chat has taught a newer one meanwhile.</summary>
    public void Restore(long chatId, string language)
    {
        lock (_lock)
        {
            if (!_byChat.ContainsKey(chatId)) Remember(chatId, language);
        }
    }

    /// <summary>Drops what is remembered about the chat.</summary>
    public void Forget(long chatId)
    {
        lock (_lock)
        {
            if (_byChat.Remove(chatId, out var node)) _recency.Remove(node);
        }
    }

    /// <summary>Chats remembered now.</summary>
    public int Count { get { lock (_lock) return _byChat.Count; } }

    /// <summary>
    /// "ko" when the text has any Hangul, "en" when it has at least two words in Latin letters and no Hangul, null
    /// when it tells nothing: a command, a single Latin word (a song title, "ok"), emoji, digits. A single word
    /// is too weak to switch a Korean chat to English; a single Hangul syllable is not.
    /// </summary>
    public static string? WrittenLanguage(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.AsSpan().TrimStart().StartsWith("/")) return null;
        int latinWords = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (IsHangul(c)) return "ko";
            var latin = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');
            if (latin && !inWord) latinWords++;
            inWord = latin || (inWord && c is '\'' or '’' or '-');
        }
        return latinWords >= 2 ? "en" : null;
    }

    private static bool IsHangul(char c) =>
        c is (>= '\uAC00' and <= '\uD7A3')     // syllables
          or (>= '\u1100' and <= '\u11FF')     // jamo
          or (>= '\u3131' and <= '\u318E');    // compatibility jamo (ㅠㅠ, ㅋㅋ)

    private void Remember(long chatId, string language)
    {
        if (_byChat.TryGetValue(chatId, out var node))
        {
            node.Value = (chatId, language);
            return;
        }
        _byChat[chatId] = _recency.AddFirst((chatId, language));
        if (_byChat.Count > capacity)
        {
            var oldest = _recency.Last!;
            _recency.RemoveLast();
            _byChat.Remove(oldest.Value.Chat);
        }
    }

    private string? Touch(long chatId)
    {
        if (!_byChat.TryGetValue(chatId, out var node)) return null;
        _recency.Remove(node);
        _recency.AddFirst(node);
        return node.Value.Language;
    }
}
