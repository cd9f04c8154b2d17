namespace TuneBot.Core.Emotion;

/// <summary>Settings of the emotion classifier (configuration section "Emotion").</summary>
public sealed record EmotionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Emotion";

    /// <summary>
    /// <c>Emotion:OnnxRuntimePath</c>: libonnxruntime.so.1. Default: searched (see <see cref="EmotionPaths"/>).
    /// </summary>
    public string? OnnxRuntimePath { get; init; }

    /// <summary><c>Emotion:ModelPath</c>: emotion.onnx. Default: searched (see <see cref="EmotionPaths"/>).</summary>
    public string? ModelPath { get; init; }

    /// <summary><c>Emotion:MetadataPath</c>: emotion.json. Default: next to the model.</summary>
    public string? MetadataPath { get; init; }

    /// <summary><c>Emotion:AskThreshold</c>: overrides the metadata's ask threshold (0…1).</summary>
    public float? AskThreshold { get; init; }

    /// <summary>
    /// Options from environment variables in .NET's configuration spelling (<c>Emotion__OnnxRuntimePath</c>,
    /// <c>Emotion__ModelPath</c>, <c>Emotion__MetadataPath</c>, <c>Emotion__AskThreshold</c>), for tools that
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
            OnnxRuntimePath = Env("OnnxRuntimePath"),
            ModelPath = Env("ModelPath"),
            MetadataPath = Env("MetadataPath"),
            AskThreshold = threshold,
        };
    }
}

/// <summary>
/// Where the classifier looks for its files when the options do not say. In order: next to the application
/// (<c>AppContext.BaseDirectory</c>: the Docker image copies the library to /app/ and the model to /app/models/),
/// then each ancestor directory of it (a development checkout: the repository root holds
/// <c>.tools/onnxruntime/</c> and <c>models/</c>; the image's /app/ingest/ finds /app/).
/// </summary>
public static class EmotionPaths
{
    /// <summary>Library file name.</summary>
    public const string LibraryFileName = "libonnxruntime.so.1";

    /// <summary>What to do when the library is missing or broken.</summary>
    public const string LibraryRemedy =
        "Run scripts/setup.sh (scripts/setup.d/20-onnxruntime.sh fetches ONNX Runtime 1.30.0 from npm into " +
        ".tools/onnxruntime/ and checks its sha256), or set Emotion:OnnxRuntimePath (env Emotion__OnnxRuntimePath) " +
        "to a libonnxruntime.so.1.";

    /// <summary>What to do when the model is missing or broken.</summary>
    public const string ModelRemedy =
        "models/emotion.onnx and models/emotion.json come with the repository (retrain with models/training/train.sh); " +
        "set Emotion:ModelPath (env Emotion__ModelPath) if they live elsewhere.";

    /// <summary>Candidate library paths, most preferred first.</summary>
    public static IEnumerable<string> LibraryCandidates(string? baseDirectory = null)
    {
        var b = baseDirectory ?? AppContext.BaseDirectory;
        yield return Path.Combine(b, LibraryFileName);
        yield return Path.Combine(b, "onnxruntime", LibraryFileName);
        foreach (var dir in SelfAndAncestors(b))
        {
            // An ancestor's own copy covers a tool published below the bot (the image's /app/ingest/).
            yield return Path.Combine(dir, ".tools", "onnxruntime", LibraryFileName);
            yield return Path.Combine(dir, LibraryFileName);
        }
    }

    /// <summary>Candidate model paths, most preferred first.</summary>
    public static IEnumerable<string> ModelCandidates(string? baseDirectory = null)
    {
        foreach (var dir in SelfAndAncestors(baseDirectory ?? AppContext.BaseDirectory))
        {
            yield return Path.Combine(dir, "models", "emotion.onnx");
        }
    }

    /// <summary>The configured library path, else the first candidate that exists, else null.</summary>
    public static string? FindLibrary(EmotionOptions options) =>
        options.OnnxRuntimePath ?? LibraryCandidates().FirstOrDefault(File.Exists);

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
