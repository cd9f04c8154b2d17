using System.Text;
using System.Text.Json;

namespace TuneBot.Core.Emotion;

/// <summary>
/// Scores a message of emoji alone ("😂", "😢😢") from how the labelled training text uses each emoji
/// (models/emotion.json "emoji_prior", written by models/training/emoji_prior.py). The training data has no such
/// message, so the n-gram model guesses there ("😂" → anxious 0.55, "😢" → anxious 0.65). An emoji used across
/// moods has a flat distribution, which ends below the ask threshold: the user is asked. Emoji too rare in the
/// data for a distribution are left to the model, which has at least seen them inside sentences ("😡" → angry).
/// </summary>
public sealed class EmojiPrior
{
    private readonly Dictionary<int, float[]> _byEmoji;

    private EmojiPrior(Dictionary<int, float[]> byEmoji) => _byEmoji = byEmoji;

    /// <summary>Emoji with a distribution.</summary>
    public int Count => _byEmoji.Count;

    /// <summary>Reads the "emoji" object: one code point → five probabilities in label order.</summary>
    /// <exception cref="InvalidDataException">A key is not one emoji, or a distribution is not five numbers summing to ≈ 1.</exception>
    public static EmojiPrior Parse(JsonElement emoji)
    {
        var map = new Dictionary<int, float[]>();
        foreach (var entry in emoji.EnumerateObject())
        {
            if (Rune.DecodeFromUtf16(entry.Name, out var rune, out var used) != System.Buffers.OperationStatus.Done || used != entry.Name.Length || !IsEmoji(rune))
                throw new InvalidDataException($"emoji_prior key '{entry.Name}' is not one emoji");
            var p = entry.Value.EnumerateArray().Select(v => v.GetSingle()).ToArray();
            if (p.Length != EmotionLabels.Count || p.Any(x => !(x is >= 0f and <= 1f)) || Math.Abs(p.Sum() - 1f) > 0.01f)
                throw new InvalidDataException($"emoji_prior['{entry.Name}'] is not five probabilities");
            map[rune.Value] = p;
        }
        return new EmojiPrior(map);
    }

    /// <summary>
    /// Scores for <paramref name="text"/> when it holds emoji and nothing but emoji, their joining parts, white
    /// space and punctuation, and at least one of them has a distribution: the mean over those. Null otherwise (the
    /// model reads it).
    /// </summary>
    public EmotionScores? Score(ReadOnlySpan<char> text)
    {
        Span<float> sum = stackalloc float[EmotionLabels.Count];
        var known = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || IsJoiningPart(rune)) continue;
            if (!IsEmoji(rune)) return null;
            if (!_byEmoji.TryGetValue(rune.Value, out var p)) continue;
            known++;
            for (var i = 0; i < sum.Length; i++) sum[i] += p[i];
        }
        if (known == 0) return null;
        for (var i = 0; i < sum.Length; i++) sum[i] /= known;
        return EmotionScores.FromSpan(sum);
    }

    /// <summary>Pictographs, emoticons, symbols and dingbats (the ranges emoji_prior.py counts).</summary>
    public static bool IsEmoji(Rune r) => !IsJoiningPart(r) && r.Value is (>= 0x1F300 and <= 0x1FAFF) or (>= 0x2600 and <= 0x27BF);

    // Skin tones, gender signs, variation selector 16, zero-width joiner, keycap: parts of an emoji, not one.
    private static bool IsJoiningPart(Rune r) =>
        r.Value is (>= 0x1F3FB and <= 0x1F3FF) or 0x2640 or 0x2642 or 0xFE0F or 0x200D or 0x20E3;
}
