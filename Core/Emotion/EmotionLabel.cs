namespace TuneBot.Core.Emotion;

/// <summary>
/// The five classes of the emotion classifier, in the model's output order (models/emotion.json "labels").
/// The first four are the original project's moods (기쁨, 슬픔, 분노, 불안); <see cref="Neutral"/> is text with
/// no clear emotion.
/// </summary>
public enum EmotionLabel
{
    Happy = 0,
    Sad = 1,
    Angry = 2,
    Anxious = 3,
    Neutral = 4,
}

/// <summary>A point on Russell's circumplex: valence (unpleasant −1 … pleasant +1), arousal (calm −1 … excited +1).</summary>
public readonly record struct ValenceArousal(double Valence, double Arousal);

/// <summary>Names and music-mapping targets per <see cref="EmotionLabel"/>.</summary>
public static class EmotionLabels
{
    /// <summary>Number of classes (5).</summary>
    public const int Count = 5;

    /// <summary>All labels in model output order.</summary>
    public static IReadOnlyList<EmotionLabel> All { get; } =
        [EmotionLabel.Happy, EmotionLabel.Sad, EmotionLabel.Angry, EmotionLabel.Anxious, EmotionLabel.Neutral];

    /// <summary>The lower-case name used in JSON and in models/emotion.json ("happy", "sad", ...).</summary>
    public static string Name(EmotionLabel label) => label switch
    {
        EmotionLabel.Happy => "happy",
        EmotionLabel.Sad => "sad",
        EmotionLabel.Angry => "angry",
        EmotionLabel.Anxious => "anxious",
        EmotionLabel.Neutral => "neutral",
        _ => throw new ArgumentOutOfRangeException(nameof(label)),
    };

    /// <summary>Parses a lower-case name; false when it is not one of the five.</summary>
    public static bool TryParse(string? name, out EmotionLabel label)
    {
        for (var i = 0; i < Count; i++)
        {
            if (string.Equals(name, Name((EmotionLabel)i), StringComparison.Ordinal))
            {
                label = (EmotionLabel)i;
                return true;
            }
        }
        label = EmotionLabel.Neutral;
        return false;
    }

    /// <summary>
    /// Where each emotion sits in valence/arousal space ("match the mood" target), on the same −1…+1 scales the
    /// catalog's cluster valence/arousal use. Rationale: the placements follow Russell's circumplex model of
    /// affect (Russell 1980, "A circumplex model of affect") as used in music-emotion work (e.g. Thayer's
    /// energy/stress plane): happy = pleasant and energetic (upper right), sad = unpleasant and low-energy
    /// (lower left), angry = unpleasant and highly aroused (upper left, more aroused than anxious), anxious =
    /// unpleasant and aroused but less negative than anger (tense, upper left nearer the centre), neutral =
    /// the centre, slightly calm so a neutral user gets easy listening rather than extremes.
    /// </summary>
    public static ValenceArousal MatchTarget(EmotionLabel label) => label switch
    {
        EmotionLabel.Happy => new(0.8, 0.5),
        EmotionLabel.Sad => new(-0.7, -0.5),
        EmotionLabel.Angry => new(-0.6, 0.8),
        EmotionLabel.Anxious => new(-0.4, 0.5),
        EmotionLabel.Neutral => new(0.1, -0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(label)),
    };

    /// <summary>
    /// "Lift the mood" path: a sequence of valence/arousal targets from meeting the user where they are toward
    /// a better state (iso principle of music therapy: start near the current mood, then move gradually).
    /// sad → calm and gentle first, then warmer and brighter; angry → release the energy at high arousal, then
    /// bring arousal down while valence rises; anxious → calm (low arousal) first, then gently positive;
    /// happy and neutral → already fine, so keep or brighten slightly.
    /// </summary>
    public static IReadOnlyList<ValenceArousal> LiftPath(EmotionLabel label) => label switch
    {
        EmotionLabel.Sad => [new(-0.4, -0.5), new(0.1, -0.3), new(0.6, 0.2)],
        EmotionLabel.Angry => [new(-0.4, 0.7), new(0.0, 0.2), new(0.5, -0.1)],
        EmotionLabel.Anxious => [new(0.0, -0.5), new(0.3, -0.4), new(0.6, 0.0)],
        EmotionLabel.Happy => [new(0.8, 0.5), new(0.8, 0.7)],
        EmotionLabel.Neutral => [new(0.1, -0.1), new(0.5, 0.3)],
        _ => throw new ArgumentOutOfRangeException(nameof(label)),
    };
}
