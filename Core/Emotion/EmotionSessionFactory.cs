using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace TuneBot.Core.Emotion;

/// <summary>
/// Creates the classifier's <see cref="InferenceSession"/> and turns every way that can fail (native library that
/// does not load, model ONNX Runtime refuses, wrong inputs or outputs) into one <see cref="EmotionRuntimeException"/>.
/// </summary>
internal static class EmotionSessionFactory
{
    // The process's one OrtEnv, logging errors only (ONNX Runtime's default, warning, prints to stderr).
    private static readonly Lazy<OrtEnv> Env = new(() =>
    {
        var options = new EnvironmentCreationOptions { logId = "tunebot", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        return OrtEnv.IsCreated ? OrtEnv.Instance() : OrtEnv.CreateInstanceWithOptions(ref options);
    });

    /// <summary>ONNX Runtime's version; loads the native library, throwing LibraryMissing/LibraryBroken.</summary>
    public static string RuntimeVersion()
    {
        try
        {
            return Env.Value.GetVersionString();
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException
                                       or BadImageFormatException or OnnxRuntimeException)
        {
            throw LibraryFailure(e);
        }
    }

    /// <summary>
    /// A session on <paramref name="modelPath"/>, single-threaded and sequential (small model on a shared 2-core host:
    /// more threads or spinning only burn CPU), with exactly one int64 input and one float output.
    /// </summary>
    public static InferenceSession Create(string modelPath, out string inputName, out string outputName)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        InferenceSession session;
        try
        {
            session = new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new EmotionRuntimeException(EmotionRuntimeFailure.ModelBroken, modelPath,
                $"ONNX Runtime CreateSession failed for {modelPath}: {e.Message.Trim()}. {EmotionPaths.ModelRemedy}", e);
        }
        try
        {
            if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
            {
                throw new EmotionRuntimeException(EmotionRuntimeFailure.ModelBroken, modelPath,
                    $"model {modelPath} has {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs, " +
                    $"expected 1 and 1. {EmotionPaths.ModelRemedy}");
            }
            var (input, inputMeta) = session.InputMetadata.Single();
            var (output, outputMeta) = session.OutputMetadata.Single();
            if (inputMeta.ElementDataType != TensorElementType.Int64 || outputMeta.ElementDataType != TensorElementType.Float)
            {
                throw new EmotionRuntimeException(EmotionRuntimeFailure.ModelBroken, modelPath,
                    $"model {modelPath} takes {inputMeta.ElementDataType} and gives {outputMeta.ElementDataType}, expected " +
                    $"Int64 ids and Float scores. {EmotionPaths.ModelRemedy}");
            }
            inputName = input;
            outputName = output;
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static EmotionRuntimeException LibraryFailure(Exception e)
    {
        var root = e;
        while (root is TypeInitializationException { InnerException: { } inner }) root = inner;
        var path = Path.Combine(AppContext.BaseDirectory, EmotionPaths.LibraryFileName);
        if (!File.Exists(path))
        {
            return new EmotionRuntimeException(EmotionRuntimeFailure.LibraryMissing, path,
                $"ONNX Runtime's native library not found at {path}. {EmotionPaths.LibraryRemedy}", e);
        }
        // .NET lists every path it probed, one per line; the loader's reason for our file is the line naming it.
        var lines = root.Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var reason = lines.FirstOrDefault(l => l.StartsWith(path + ":", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? root.GetType().Name;
        return new EmotionRuntimeException(EmotionRuntimeFailure.LibraryBroken, path,
            $"ONNX Runtime's native library at {path} does not load ({reason}). {EmotionPaths.LibraryRemedy}", e);
    }
}
