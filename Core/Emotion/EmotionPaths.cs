namespace TuneBot.Core.Emotion;

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

    /// <summary>The model's path when nothing is configured, relative to the application.</summary>
    public static readonly string DefaultModelPath = Path.Combine("models", "emotion.onnx");

    /// <summary>
    /// Where a model path relative to the application may lie, most preferred first: next to the application, then
    /// in each ancestor directory.
    /// </summary>
    public static IEnumerable<string> ModelCandidates(string? baseDirectory = null, string? relativePath = null)
    {
        foreach (var dir in SelfAndAncestors(baseDirectory ?? AppContext.BaseDirectory))
        {
            yield return Path.Combine(dir, relativePath ?? DefaultModelPath);
        }
    }

    /// <summary>
    /// The configured model path (absolute as given; relative: the first candidate that exists, else the one next to
    /// the application, so the error names it), else the first default candidate that exists, else null. Relative
    /// paths never depend on the working directory: the bot and the catalog tool find the same model wherever started.
    /// </summary>
    public static string? FindModel(EmotionOptions options, string? baseDirectory = null)
    {
        if (options.ModelPath is { Length: > 0 } configured)
            return Path.IsPathRooted(configured) ? configured
                : ModelCandidates(baseDirectory, configured).FirstOrDefault(File.Exists) ?? ModelCandidates(baseDirectory, configured).First();
        return ModelCandidates(baseDirectory).FirstOrDefault(File.Exists);
    }

    private static IEnumerable<string> SelfAndAncestors(string start)
    {
        for (var d = new DirectoryInfo(Path.GetFullPath(start)); d is not null; d = d.Parent)
        {
            yield return d.FullName;
        }
    }
}
