namespace TuneBot.Core.Emotion;

/// <summary>What stopped the emotion classifier from starting.</summary>
public enum EmotionRuntimeFailure
{
    /// <summary>ONNX Runtime's native library (libonnxruntime.so) was not found next to the application.</summary>
    LibraryMissing,

    /// <summary>The native library exists but does not load or does not match the package.</summary>
    LibraryBroken,

    /// <summary>models/emotion.onnx or models/emotion.json was not found.</summary>
    ModelMissing,

    /// <summary>The model or its metadata exist but cannot be used (ONNX Runtime refused it, wrong inputs,
    /// unreadable or mismatching metadata).</summary>
    ModelBroken,

    /// <summary>ONNX Runtime reported an error while running the model.</summary>
    RunFailed,
}

/// <summary>
/// The single start-up error of the emotion classifier: which part is missing or broken, the path involved,
/// and what to do. Thrown by <see cref="EmotionClassifier.Open"/>; a classifier that opened never throws it
/// for bad text.
/// </summary>
public sealed class EmotionRuntimeException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> already says what to do.</summary>
    public EmotionRuntimeException(EmotionRuntimeFailure failure, string? path, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Path = path;
    }

    /// <summary>Which part failed.</summary>
    public EmotionRuntimeFailure Failure { get; }

    /// <summary>The file involved, when there is one.</summary>
    public string? Path { get; }
}
