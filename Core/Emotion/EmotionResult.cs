namespace TuneBot.Core.Emotion;

/// <summary>Softmax probabilities of the five classes (they sum to 1).</summary>
public readonly record struct EmotionScores(float Happy, float Sad, float Angry, float Anxious, float Neutral)
{
    /// <summary>Score of one label.</summary>
    public float this[EmotionLabel label] => label switch
    {
        EmotionLabel.Happy => Happy,
        EmotionLabel.Sad => Sad,
        EmotionLabel.Angry => Angry,
        EmotionLabel.Anxious => Anxious,
        EmotionLabel.Neutral => Neutral,
        _ => throw new ArgumentOutOfRangeException(nameof(label)),
    };

    /// <summary>Builds scores from a span in model output order (length ≥ 5).</summary>
    public static EmotionScores FromSpan(ReadOnlySpan<float> s) => new(s[0], s[1], s[2], s[3], s[4]);

    /// <summary>Equal scores: what "no information" looks like.</summary>
    public static EmotionScores Uniform { get; } = new(0.2f, 0.2f, 0.2f, 0.2f, 0.2f);
}

/// <summary>Why a result looks the way it does.</summary>
public enum EmotionOutcome
{
    /// <summary>The model scored the text.</summary>
    Classified,

    /// <summary>
    /// After normalisation nothing was left (empty, whitespace, controls, zero-width characters only): the
    /// result is <see cref="EmotionLabel.Neutral"/> with uniform scores, confidence 0.2 and
    /// <see cref="EmotionResult.ShouldAskUser"/> set.
    /// </summary>
    NothingToClassify,

    /// <summary>Emoji alone, common ones among them: scored by <see cref="EmojiPrior"/> from how the training text uses them.</summary>
    FromEmoji,
}

/// <summary>One classification.</summary>
/// <param name="Label">The top-scoring label.</param>
/// <param name="Confidence">The top score (0.2 … 1).</param>
/// <param name="Scores">All five scores.</param>
/// <param name="Outcome">Classified, or nothing to classify.</param>
/// <param name="ShouldAskUser">
/// True when <see cref="Confidence"/> is below the model's ask threshold (models/emotion.json "ask_threshold")
/// or there was nothing to classify: the bot should ask the user to pick a mood instead of guessing.
/// </param>
/// <param name="Truncated">True when the text was cut to the featurizer's limits (first 1,000 normalised code
/// points, at most 8,192 features).</param>
public readonly record struct EmotionResult(
    EmotionLabel Label,
    float Confidence,
    EmotionScores Scores,
    EmotionOutcome Outcome,
    bool ShouldAskUser,
    bool Truncated);
