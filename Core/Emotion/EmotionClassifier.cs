using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TuneBot.Core.Emotion;

/// <summary>
/// Korean/English text → one of five emotions, through models/emotion.onnx on ONNX Runtime.
/// Open one per process (<see cref="Open"/>) and share it: <see cref="Classify(ReadOnlySpan{char})"/> is
/// thread-safe (ONNX Runtime sessions allow concurrent Run calls) and uses per-thread pinned buffers, so a call
/// allocates nothing on the managed heap; the only native allocation per call is ONNX Runtime's small OrtValue
/// header wrapping the input ids.
/// Any text is accepted: empty or whitespace gives <see cref="EmotionOutcome.NothingToClassify"/>; text longer
/// than 1,000 normalised code points (or 8,192 features) is truncated and flagged; controls, emoji and mixed
/// scripts are normalised by <see cref="EmotionFeaturizer"/>.
/// </summary>
public sealed unsafe class EmotionClassifier : IDisposable
{
    private readonly OnnxRuntime _runtime;
    private readonly IntPtr _session;
    private readonly IntPtr _memoryInfo;
    private readonly byte[] _inputName;
    private readonly byte[] _outputName;
    private readonly ThreadLocal<Scratch> _scratch;
    private readonly Lock _disposeLock = new();
    private bool _disposed;

    private EmotionClassifier(OnnxRuntime runtime, IntPtr session, IntPtr memoryInfo, string inputName, string outputName,
        EmotionModelMetadata metadata, float askThreshold, string modelPath)
    {
        _runtime = runtime;
        _session = session;
        _memoryInfo = memoryInfo;
        _inputName = OnnxRuntime.Utf8Z(inputName);
        _outputName = OnnxRuntime.Utf8Z(outputName);
        Metadata = metadata;
        AskThreshold = askThreshold;
        ModelPath = modelPath;
        Featurizer = new EmotionFeaturizer(metadata.Featurizer);
        _scratch = new ThreadLocal<Scratch>(() => new Scratch(this), trackAllValues: true);
    }

    /// <summary>The featurizer matching the model.</summary>
    public EmotionFeaturizer Featurizer { get; }

    /// <summary>The model's metadata (version, featurizer parameters, threshold).</summary>
    public EmotionModelMetadata Metadata { get; }

    /// <summary>Confidence below which results set <see cref="EmotionResult.ShouldAskUser"/>.</summary>
    public float AskThreshold { get; }

    /// <summary>Full path of the ONNX model in use.</summary>
    public string ModelPath { get; }

    /// <summary>Full path of the ONNX Runtime library in use.</summary>
    public string LibraryPath => _runtime.LibraryPath;

    /// <summary>ONNX Runtime's version string.</summary>
    public string RuntimeVersion => _runtime.Version;

    /// <summary>
    /// Loads ONNX Runtime, the model and its metadata, and runs the model once. Every problem surfaces here as
    /// one <see cref="EmotionRuntimeException"/> naming the failing file and what to do; nothing is deferred to
    /// the first classification.
    /// </summary>
    /// <param name="options">Paths and threshold; null = defaults (see <see cref="EmotionPaths"/>).</param>
    public static EmotionClassifier Open(EmotionOptions? options = null)
    {
        options ??= new EmotionOptions();
        var libraryPath = EmotionPaths.FindLibrary(options);
        if (libraryPath is null)
        {
            throw new EmotionRuntimeException(EmotionRuntimeFailure.LibraryMissing, null,
                $"ONNX Runtime library ({EmotionPaths.LibraryFileName}) not found; searched " +
                $"{string.Join(", ", EmotionPaths.LibraryCandidates().Take(4))} and the .tools/onnxruntime/ of every " +
                $"ancestor directory. {EmotionPaths.LibraryRemedy}");
        }
        var modelPath = EmotionPaths.FindModel(options);
        if (modelPath is null || !File.Exists(modelPath))
        {
            throw new EmotionRuntimeException(EmotionRuntimeFailure.ModelMissing, modelPath,
                $"emotion model not found{(modelPath is null ? " (searched models/emotion.onnx next to the app and in its ancestors)" : $" at {Path.GetFullPath(modelPath)}")}. " +
                EmotionPaths.ModelRemedy);
        }
        modelPath = Path.GetFullPath(modelPath);
        var metadataPath = Path.GetFullPath(options.MetadataPath ?? Path.ChangeExtension(modelPath, ".json"));
        var metadata = EmotionModelMetadata.Load(metadataPath);
        metadata.VerifyModelFile(modelPath, metadataPath);

        var runtime = OnnxRuntime.Load(libraryPath);
        var session = runtime.CreateSession(modelPath, out var inputName, out var outputName);
        var memoryInfo = IntPtr.Zero;
        EmotionClassifier? classifier = null;
        try
        {
            memoryInfo = runtime.CreateCpuMemoryInfo();
            var threshold = options.AskThreshold ?? metadata.AskThreshold;
            classifier = new EmotionClassifier(runtime, session, memoryInfo, inputName, outputName, metadata, threshold, modelPath);
            classifier.SelfCheck();
            return classifier;
        }
        catch
        {
            if (classifier is not null)
            {
                classifier.Dispose();
            }
            else
            {
                runtime.ReleaseMemoryInfo(memoryInfo);
                runtime.ReleaseSession(session);
            }
            throw;
        }
    }

    /// <summary>Classifies one text (null counts as empty). Never throws for any input text.</summary>
    public EmotionResult Classify(string? text) => Classify((text ?? "").AsSpan());

    /// <summary>Classifies one text. Never throws for any input text.</summary>
    public EmotionResult Classify(ReadOnlySpan<char> text)
    {
        if (Metadata.EmojiPrior?.Score(text) is { } fromEmoji)
        {
            var top = EmotionLabel.Happy;
            for (var i = 1; i < EmotionLabels.Count; i++)
                if (fromEmoji[(EmotionLabel)i] > fromEmoji[top]) top = (EmotionLabel)i;
            return new EmotionResult(top, fromEmoji[top], fromEmoji, EmotionOutcome.FromEmoji,
                ShouldAskUser: fromEmoji[top] < AskThreshold, Truncated: false);
        }
        var s = _scratch.Value!;
        var n = Featurizer.Featurize(text, s.Ids, s.CodePoints, out var truncated);
        if (n == 0)
        {
            return new EmotionResult(EmotionLabel.Neutral, 0.2f, EmotionScores.Uniform, EmotionOutcome.NothingToClassify,
                ShouldAskUser: true, truncated);
        }
        Run(s, n);
        var scores = s.Scores;
        var best = 0;
        for (var i = 1; i < EmotionLabels.Count; i++)
        {
            if (scores[i] > scores[best]) best = i;
        }
        return new EmotionResult((EmotionLabel)best, scores[best], EmotionScores.FromSpan(scores), EmotionOutcome.Classified,
            ShouldAskUser: scores[best] < AskThreshold, truncated);
    }

    /// <summary>
    /// Runs the model on given feature ids (at most <see cref="EmotionFeaturizer.MaxFeatures"/> are used; an empty
    /// span is scored as a single padding id) and writes the five scores into <paramref name="scores"/>.
    /// For tests and tools comparing with the training side.
    /// </summary>
    public void ScoreIds(ReadOnlySpan<long> ids, Span<float> scores)
    {
        var s = _scratch.Value!;
        var n = Math.Min(ids.Length, s.Ids.Length);
        ids[..n].CopyTo(s.Ids);
        if (n == 0)
        {
            s.Ids[0] = 0;
            n = 1;
        }
        Run(s, n);
        s.Scores.AsSpan().CopyTo(scores);
    }

    /// <summary>Releases the session and per-thread buffers. Do not call while classifications run.</summary>
    public void Dispose()
    {
        lock (_disposeLock)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var s in _scratch.Values) _runtime.ReleaseValue(s.Output);
            _scratch.Dispose();
            _runtime.ReleaseMemoryInfo(_memoryInfo);
            _runtime.ReleaseSession(_session);
        }
    }

    private void Run(Scratch s, int n)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var shape = stackalloc long[2] { 1, n };
        var ids = (long*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(s.Ids));
        var input = _runtime.CreateTensor(_memoryInfo, ids, (nuint)(n * sizeof(long)), shape, 2, OnnxRuntime.ElementInt64, out var status);
        if (status != IntPtr.Zero) throw RunFailure(status, "CreateTensorWithDataAsOrtValue");
        try
        {
            var output = s.Output;
            fixed (byte* inName = _inputName, outName = _outputName)
            {
                status = _runtime.Run(_session, inName, input, outName, &output);
            }
            if (status != IntPtr.Zero) throw RunFailure(status, "Run");
        }
        finally
        {
            _runtime.ReleaseValue(input);
        }
    }

    private EmotionRuntimeException RunFailure(IntPtr status, string what) =>
        new(EmotionRuntimeFailure.RunFailed, ModelPath,
            $"ONNX Runtime {what} failed on {ModelPath}: {_runtime.TakeError(status)}. {EmotionPaths.ModelRemedy}");

    // One real run at start-up so that a model with the wrong input type or output shape fails in Open.
    private void SelfCheck()
    {
        Span<float> scores = stackalloc float[EmotionLabels.Count];
        try
        {
            ScoreIds([1L], scores);
        }
        catch (EmotionRuntimeException e)
        {
            throw new EmotionRuntimeException(EmotionRuntimeFailure.ModelBroken, ModelPath, e.Message, e);
        }
        var sum = 0f;
        foreach (var v in scores) sum += v;
        if (!(Math.Abs(sum - 1f) < 1e-3f))
        {
            throw new EmotionRuntimeException(EmotionRuntimeFailure.ModelBroken, ModelPath,
                $"emotion model {ModelPath} does not output 5 probabilities (sum {sum}). {EmotionPaths.ModelRemedy}");
        }
    }

    /// <summary>Per-thread buffers: pinned (pinned object heap) so ONNX Runtime may hold their addresses.</summary>
    private sealed class Scratch
    {
        public readonly long[] Ids;
        public readonly int[] CodePoints;
        public readonly float[] Scores;
        public readonly IntPtr Output;

        public Scratch(EmotionClassifier owner)
        {
            Ids = GC.AllocateArray<long>(owner.Featurizer.MaxFeatures, pinned: true);
            CodePoints = new int[owner.Featurizer.ScratchLength];
            Scores = GC.AllocateArray<float>(EmotionLabels.Count, pinned: true);
            var shape = stackalloc long[2] { 1, EmotionLabels.Count };
            var data = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(Scores));
            Output = owner._runtime.CreateTensor(owner._memoryInfo, data, (nuint)(EmotionLabels.Count * sizeof(float)), shape, 2,
                OnnxRuntime.ElementFloat, out var status);
            if (status != IntPtr.Zero) throw owner.RunFailure(status, "CreateTensorWithDataAsOrtValue (output)");
        }
    }
}
