using System.Text.RegularExpressions;

namespace TuneBot.Core.Emotion;

/// <summary>What the rule layer did to a text before or instead of the model.</summary>
public enum FeelingRule
{
    /// <summary>No rule applied: the model's reading of the whole text.</summary>
    None,
    /// <summary>"I thought I'd be sad but I'm fine", "슬플 줄 알았는데 괜찮아": only the clause after the contrast was read.</summary>
    Contrast,
    /// <summary>"not happy at all", "행복하지 않아": a negated feeling word; the negated labels were ruled out.</summary>
    Negation,
    /// <summary>"I feel calm and relaxed", "마음이 편안해": calm words and no other feeling word; read as calm (neutral).</summary>
    Calm,
    /// <summary>"I'm so angry, my landlord…": the one feeling named outright, which the unsure model does not rule out, is answered rather than asked.</summary>
    Named,
}

/// <summary>The rule layer's verdict: the result to use and which rule produced it.</summary>
public readonly record struct FeelingReading(EmotionResult Result, FeelingRule Rule, string ClauseRead);

/// <summary>
/// A small rule layer around the emotion model for what its n-gram features cannot read (issue 12): the model
/// scores "not happy at all" happy, "I thought I'd be sad but I'm fine" sad (0.97) and "I feel calm and
/// relaxed" happy. Three rules, in order:
/// <list type="number">
/// <item>Contrast: a clause after "but", "though", "however", "지만", "는데", "그런데"… that itself names a feeling
/// is what the user feels now; only it is read.</item>
/// <item>Negation: a feeling word after "not"/"n't"/"no longer"/"nothing"/"no" (up to three filler words between, e.g. "not
/// really feeling happy"), or with "안", "-지 않/못", "… 거 아니" in Korean, rules that label out. Another feeling
/// word left over decides ("not angry, just tired" → sad; several: the model with the negated labels removed); with none
/// left, "not happy" is unhappy (sad) and "not sad / not angry / not worried" is calm.</item>
/// <item>Calm: calm words ("calm", "relaxed", "peaceful", "편안", "차분"; "fine", "ok", "괜찮" only in a clause of
/// at most four words) and no other feeling word read as calm (the classifier's neutral class, shown as calm).</item>
/// <item>Named: one feeling word and no other while the model is below the ask threshold and gives that label at
/// least <see cref="NamedFloor"/>: answered rather than asked.</item>
/// </list>
/// Everything else is the model's own reading. The lexicons are the dataset's label names and their common
/// synonyms, not a sentiment dictionary: the model stays the reader of ordinary text.
/// </summary>
public static class FeelingRules
{
    /// <summary>Confidence a rule verdict carries: above the ask threshold, below the model's confident readings.</summary>
    public const float RuleConfidence = 0.8f;

    /// <summary>Least model score a feeling named outright needs for the Named rule to answer it.</summary>
    public const float NamedFloor = 0.15f;

    private static readonly (EmotionLabel Label, string[] English, string[] Korean)[] Lexicon =
    [
        (EmotionLabel.Happy, ["happy", "glad", "joyful", "cheerful", "excited", "great", "good", "wonderful", "delighted", "thrilled", "pleased", "amazing"],
            ["행복", "기쁘", "기뻐", "기쁜", "좋아", "좋다", "좋은", "좋네", "신나", "신난", "즐거", "즐겁", "설레"]),
        (EmotionLabel.Sad, ["sad", "down", "depressed", "unhappy", "lonely", "miserable", "gloomy", "blue", "heartbroken", "tired", "exhausted", "empty",
              "disappointed", "hurt", "hopeless", "devastated", "bad", "terrible", "awful"],
            ["슬프", "슬퍼", "슬픈", "슬플", "우울", "외로", "외롭", "속상", "서글", "피곤", "지쳐", "지친", "허전"]),
        (EmotionLabel.Angry, ["angry", "mad", "furious", "annoyed", "pissed", "irritated", "frustrated", "upset"],
            ["화나", "화가", "화난", "화내", "짜증", "열받", "빡치", "억울"]),
        (EmotionLabel.Anxious, ["anxious", "nervous", "worried", "scared", "afraid", "stressed", "tense", "uneasy", "panicking", "frightened"],
            ["불안", "걱정", "긴장", "무서", "무섭", "두려", "초조", "떨려"]),
        (EmotionLabel.Neutral, ["calm", "relaxed", "peaceful", "chill", "serene", "rested", "fine", "ok", "okay", "alright"],
            ["편안", "차분", "평온", "평화", "여유", "느긋", "괜찮"]),
    ];

    // "fine", "ok", "괜찮" are calm only in a short clause ("I'm fine", "괜찮아"); "ok so my dog died" is not calm.
    private static readonly string[] WeakCalm = ["fine", "ok", "okay", "alright", "괜찮"];
    private const int ShortClauseWords = 4;

    private static readonly Regex ContrastEn = new(@"\b(?:but|though|although|however|yet|instead)\b[\s,]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);
    private static readonly Regex ContrastKo = new(@"(?:지만|는데|은데|던데|그런데|근데|하지만|그래도|오히려)[\s,.]*", RegexOptions.CultureInvariant);

    // English negators; "never" and "can't" are left out ("never been so happy", "can't stop smiling" are not negations of the feeling).
    private static readonly Regex NotEn = new(@"\b(?:not|no\s+longer|nothing|no|hardly|dont|doesnt|didnt|isnt|arent|wasnt|werent|aint|nt)\s+((?:(?:feel|feeling|felt|be|being|been|really|very|so|too|that|all|at|even|particularly|exactly|super|quite|the|least|any|more|a|bit|little|getting|get|going|to|gonna|as|totally|remotely|make|makes|made|me|i|am|m)\s+){0,3})(\w+)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>Classifies <paramref name="text"/> with <paramref name="classify"/> (the model) through the rules.</summary>
    public static FeelingReading Read(string? text, Func<string, EmotionResult> classify, float askThreshold = 0.5f)
    {
        ArgumentNullException.ThrowIfNull(classify);
        var original = text ?? "";
        var clause = LastFeelingClause(original);
        var rule = clause.Length != original.Length ? FeelingRule.Contrast : FeelingRule.None;

        var (negated, remainder) = Negated(clause);
        var left = Hits(remainder);
        if (negated.Count > 0)
        {
            var others = left.Where(l => l != EmotionLabel.Neutral && !negated.Contains(l)).ToHashSet();
            // One other feeling named ("not angry, just tired"): that one. Several: the model chooses among them.
            if (others.Count == 1)
                return new(Verdict(others.Single()), FeelingRule.Negation, remainder);
            if (others.Count > 1)
            {
                var read = classify(remainder);
                return new(Without(read, negated, askThreshold), FeelingRule.Negation, remainder);
            }
            // "not happy", "not ok" (only pleasant feelings negated) is unhappy; "not sad / angry / worried" is calm.
            bool onlyPleasant = negated.All(l => l is EmotionLabel.Happy or EmotionLabel.Neutral);
            if (left.Contains(EmotionLabel.Neutral) || !onlyPleasant)
                return new(Verdict(EmotionLabel.Neutral), FeelingRule.Negation, clause);
            return new(Verdict(EmotionLabel.Sad), FeelingRule.Negation, clause);
        }
        if (left.Count == 1 && left.Contains(EmotionLabel.Neutral) && (HasStrongCalm(clause) || WordCount(clause) <= ShortClauseWords))
            return new(Verdict(EmotionLabel.Neutral), FeelingRule.Calm, clause);
        var model = classify(clause);
        // One feeling named outright ("I'm so angry, my landlord…", "I am furious, …") while the model is unsure
        // and does not rule it out (≥ NamedFloor) is answered, not asked: the model spread "furious" over sad 0.33,
        // calm 0.31 and angry 0.19.
        if (left.Count == 1 && left.Single() is var named && named != EmotionLabel.Neutral && model.ShouldAskUser
            && model.Outcome == EmotionOutcome.Classified && (model.Label == named || model.Scores[named] >= NamedFloor))
            return new(model.Label == named ? model with { ShouldAskUser = false } : Verdict(named), FeelingRule.Named, clause);
        return new(model, rule, clause);
    }

    private static bool HasStrongCalm(string text)
    {
        var lower = Normalise(text);
        var words = Regex.Matches(lower, @"[a-z]+").Select(m => m.Value).ToHashSet();
        var (_, en, ko) = Lexicon.Single(x => x.Label == EmotionLabel.Neutral);
        return en.Except(WeakCalm).Any(words.Contains) || ko.Except(WeakCalm).Any(k => lower.Contains(k, StringComparison.Ordinal));
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    /// <summary>The text after its last contrast marker when that part names a feeling; else the whole text.</summary>
    public static string LastFeelingClause(string text)
    {
        string best = text;
        foreach (var regex in new[] { ContrastEn, ContrastKo })
            foreach (Match m in regex.Matches(text))
            {
                var after = text[(m.Index + m.Length)..].Trim();
                if (after.Length > 0 && after.Length < best.Length && Hits(after).Count > 0) best = after;
            }
        return best;
    }

    /// <summary>Labels named by feeling words in <paramref name="text"/> (whole English words, Korean stems anywhere).</summary>
    public static HashSet<EmotionLabel> Hits(string text)
    {
        var found = new HashSet<EmotionLabel>();
        var lower = Normalise(text);
        var words = Regex.Matches(lower, @"[a-z]+").Select(m => m.Value).ToHashSet();
        foreach (var (label, en, ko) in Lexicon)
        {
            if (en.Any(words.Contains) || ko.Any(k => lower.Contains(k, StringComparison.Ordinal))) found.Add(label);
        }
        return found;
    }

    /// <summary>The labels negated in <paramref name="text"/>, and the text with the negated phrases cut out.</summary>
    public static (HashSet<EmotionLabel> Negated, string Remainder) Negated(string text)
    {
        var negated = new HashSet<EmotionLabel>();
        var s = Normalise(text);
        s = NotEn.Replace(s, m =>
        {
            var label = LabelOfEnglish(m.Groups[2].Value);
            if (label is null) return m.Value;
            negated.Add(label.Value);
            return " ";
        });
        foreach (var (label, _, ko) in Lexicon)
            foreach (var stem in ko)
            {
                // "안 슬퍼" (안 as its own word, not the end of 불안), "슬프지 않아 / 슬프지 못해", "슬픈 거 아니야".
                var pattern = $@"(?<![가-힣])안\s*{stem}[가-힣]*|{stem}[가-힣]*지\s*(?:않|못)[가-힣]*|{stem}[가-힣]*\s*(?:거|건|게|것은|것이|것도)\s*아니[가-힣]*";
                s = Regex.Replace(s, pattern, _ => { negated.Add(label); return " "; }, RegexOptions.CultureInvariant);
            }
        return (negated, Regex.Replace(s, @"\s+", " ").Trim());
    }

    private static EmotionLabel? LabelOfEnglish(string word)
    {
        foreach (var (label, en, _) in Lexicon)
            if (en.Contains(word, StringComparer.Ordinal)) return label;
        return null;
    }

    // Lower-case, straight apostrophes, "n't" as its own word ("don't" → "do nt") so one pattern reads every contraction.
    private static string Normalise(string text) =>
        Regex.Replace(text.ToLowerInvariant().Replace('’', '\'').Replace('‘', '\''), @"n't\b", " nt", RegexOptions.CultureInvariant);

    private static EmotionResult Verdict(EmotionLabel label)
    {
        var s = new float[EmotionLabels.Count];
        for (int i = 0; i < s.Length; i++) s[i] = (1 - RuleConfidence) / (s.Length - 1);
        s[(int)label] = RuleConfidence;
        return new EmotionResult(label, RuleConfidence, EmotionScores.FromSpan(s), EmotionOutcome.Classified, false, false);
    }

    /// <summary>The model's reading with the negated labels' scores removed and the rest renormalised.</summary>
    private static EmotionResult Without(EmotionResult read, HashSet<EmotionLabel> negated, float askThreshold)
    {
        var s = new float[EmotionLabels.Count];
        foreach (var l in EmotionLabels.All) s[(int)l] = negated.Contains(l) ? 0 : read.Scores[l];
        float sum = s.Sum();
        if (sum <= 0) return Verdict(EmotionLabel.Neutral);
        for (int i = 0; i < s.Length; i++) s[i] /= sum;
        var best = EmotionLabels.All.OrderByDescending(l => s[(int)l]).First();
        return read with { Label = best, Confidence = s[(int)best], Scores = EmotionScores.FromSpan(s), ShouldAskUser = s[(int)best] < askThreshold };
    }
}
