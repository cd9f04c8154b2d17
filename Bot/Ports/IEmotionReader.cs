namespace TuneBot.Bot.Ports;

/// <summary>
/// The bot's port to the text emotion classifier (implemented in Core by the emotion work). The text is only
/// classified, never stored.
/// </summary>
public interface IEmotionReader
{
    /// <summary>Classifies Korean or English text.</summary>
    /// <returns>The label (one of <see cref="EmotionReading.Labels"/>), its confidence and all scores; failure Unavailable when the model is not loaded.</returns>
    Task<Advice<EmotionReading>> ReadAsync(string text, CancellationToken ct = default);
}
