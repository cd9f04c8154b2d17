namespace TuneBot.Core.Emotion;

/// <summary>Settings of the emotion classifier (configuration section "Emotion").</summary>
public sealed record EmotionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Emotion";

    /// <summary><c>Emotion:ModelPath</c>: emotion.onnx; a relative path is looked up next to the application, then in
    /// its ancestors (see <see cref="EmotionPaths"/>). Default: <c>models/emotion.onnx</c> searched that way.</summary>
    public string? ModelPath { get; init; }

    /// <summary><c>Emotion:MetadataPath</c>: emotion.json. Default: next to the model.</summary>
    public string? MetadataPath { get; init; }

    /// <summary><c>Emotion:AskThreshold</c>: overrides the metadata's ask threshold (0…1).</summary>
    public float? AskThreshold { get; init; }
}
