using Microsoft.Extensions.Logging;
using TuneBot.Bot.Ports;
using TuneBot.Core.Emotion;

namespace TuneBot.Bot.Advice;

/// <summary>
/// <see cref="IEmotionReader"/> over Core's ONNX <see cref="EmotionClassifier"/>: one classifier per process, opened
/// when the host starts (see <see cref="AdviceStartup"/>) from the <c>Emotion</c> configuration section.
/// <para>
/// Decision: a missing or broken ONNX Runtime library or model does NOT stop the bot. It is logged once at
/// start-up as an error naming the file and the remedy (EmotionRuntimeException's message), and the text flow then
/// answers "unavailable" (<see cref="AdviceFailure.Unavailable"/>) while voice notes, /mood, /similar and /map keep
/// working — a bot that can still recommend from audio is more useful than one that refuses to start.
/// </para>
/// The text is classified in memory and never stored or logged.
/// </summary>
public sealed class EmotionReader : IEmotionReader, IDisposable
{
    private readonly EmotionClassifier? _classifier;
    private readonly string? _why;

    public EmotionReader(EmotionOptions options, ILogger<EmotionReader> logger)
    {
        try
        {
            _classifier = EmotionClassifier.Open(options);
            logger.LogInformation("Emotion classifier {Version} loaded (ONNX Runtime {Runtime})",
                _classifier.Metadata.ModelVersion, _classifier.RuntimeVersion);
        }
        catch (EmotionRuntimeException ex)
        {
            _why = ex.Message;
            logger.LogError("Emotion classifier unavailable ({Failure}): {Error} The text mood flow will answer \"unavailable\".",
                ex.Failure, ex.Message);
        }
    }

    /// <summary>True when the model is loaded.</summary>
    public bool Available => _classifier is not null;

    public Task<Advice<EmotionReading>> ReadAsync(string text, CancellationToken ct = default)
    {
        if (_classifier is null)
            return Task.FromResult(Advice<EmotionReading>.Fail(AdviceFailure.Unavailable, _why));
        // Negation, contrast and plain calm words go through the rule layer the model lacks (issue 12).
        var result = FeelingRules.Read(text, _classifier.Classify, _classifier.AskThreshold).Result;
        var scores = new Dictionary<string, double>(EmotionLabels.Count);
        foreach (var label in EmotionLabels.All) scores[EmotionLabels.Name(label)] = result.Scores[label];
        // Text the model could not read at all (empty, emoji or controls only) reports its uniform 0.2, which is
        // below any ask threshold: the bot asks the user to pick a mood.
        return Task.FromResult(Advice<EmotionReading>.Ok(
            new EmotionReading(EmotionLabels.Name(result.Label), result.Confidence, scores, result.ShouldAskUser)));
    }

    public void Dispose() => _classifier?.Dispose();
}
