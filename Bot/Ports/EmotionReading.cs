namespace TuneBot.Bot.Ports;

/// <summary>The classifier's verdict on one text.</summary>
/// <param name="Label">One of <see cref="Labels"/>.</param>
/// <param name="Confidence">Probability of <paramref name="Label"/>, 0–1.</param>
/// <param name="Scores">Probability per label.</param>
/// <param name="Unsure">True when the confidence is below the model's calibrated ask threshold (models/emotion.json
/// <c>ask_threshold</c>, or <c>Emotion:AskThreshold</c>): the bot asks the user instead of guessing.</param>
public sealed record EmotionReading(string Label, double Confidence, IReadOnlyDictionary<string, double> Scores, bool Unsure = false)
{
    /// <summary>The classifier's five classes, in the order the bot offers them for correction.</summary>
    public static readonly IReadOnlyList<string> Labels = ["happy", "sad", "angry", "anxious", "neutral"];
}
