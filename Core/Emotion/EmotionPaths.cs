namespace TuneBot.Core.Emotion;

/// <summary>Settings of the emotion classifier (configuration section "Emotion").</summary>
public sealed record EmotionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Emotion";

    /// <summary><c>Emotion:ModelPath</c>: emotion.onnx. Default: searched (see <see cref="EmotionPaths"/>).</summary>
    public string? ModelPath { get; init; }

    /// <summary><c>Emotion:MetadataPath</c>: emotion.json. Default: next to the model.</summary>
    public string? MetadataPath { get; init; }

    /// <summary><c>Emotion:AskThreshold</c>: overrides the metadata's ask threshold (0…1).</summary>
    public float? AskThreshold { get; init; }

    /// <summary>
    /// Options from environment variables in .NET's configuration spelling (<c>Emotion__ModelPath</c>,
    /// <c>Emotion__MetadataPath</c>, <c>Emotion__AskThreshold</c>), for tools that
    /// do not build a configuration.
    /// </summary>
    public static EmotionOptions FromEnvironment()
    {
        static string? Env(string key) =>
            Environment.GetEnvironmentVariable("Emotion__" + key) is { Length: > 0 } v ? v : null;
        float? threshold = float.TryParse(Env("AskThreshold"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : null;
        return new EmotionOptions
        {
            ModelPath = Env("ModelPath"),
            MetadataPath = Env("MetadataPath"),
            AskThreshold = threshold,
        };
    }
}

/// <summary>
/// Where the classifier looks for its model when the options do not say: <c>models/emotion.onnx</c> next to the
/// application (<c>AppContext.BaseDirectory</c>; the Docker image has /app/models/), then in each ancestor directory
/// (a development checkout's repository root; the image's /app/ingest/ finds /app/models/). ONNX Runtime's native
/// library is not searched: the Microsoft.ML.OnnxRuntime package's build copies it next to the application.
/// </summary>
public static class EmotionPaths
{
    /// <summary>The native library's file name, as the package ships it for linux-x64.</summary>
    public const string LibraryFileName = "libonnxruntime.so";

    /// <summary>What to do when the native library is missing or broken.</summary>
    public const string LibraryRemedy =
        "Rebuild with scripts/build.sh: the linux-x64 build copies it from the Microsoft.ML.OnnxRuntime package next to " +
        "the application (publish with -r linux-x64).";

    /// <summary>What to do when the model is missing or broken.</summary>
    public const string ModelRemedy =
        "models/emotion.onnx and models/emotion.json come with the repository (retrain with models/training/train.sh); " +
        "set Emotion:ModelPath (env Emotion__ModelPath) if they live elsewhere.";

    /// <summary>Candidate model paths, most preferred first.</summary>
    public static IEnumerable<string> ModelCandidates(string? baseDirectory = null)
    {
        foreach (var dir in SelfAndAncestors(baseDirectory ?? AppContext.BaseDirectory))
        {
            yield return Path.Combine(dir, "models", "emotion.onnx");
        }
    }

    /// <summary>The configured model path, else the first candidate that exists, else null.</summary>
    public static string? FindModel(EmotionOptions options) =>
        options.ModelPath ?? ModelCandidates().FirstOrDefault(File.Exists);

    private static IEnumerable<string> SelfAndAncestors(string start)
    {
        for (var d = new DirectoryInfo(Path.GetFullPath(start)); d is not null; d = d.Parent)
        {
            yield return d.FullName;
        }
    }
}
