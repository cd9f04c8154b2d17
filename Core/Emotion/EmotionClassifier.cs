using Microsoft.ML.OnnxRuntime;

namespace TuneBot.Core.Emotion;

/// <summary>
/// Korean/English text → one of five emotions, through models/emotion.onnx on ONNX Runtime (the
/// Microsoft.ML.OnnxRuntime package; its native library is copied next to the application by the build).
/// Open one per process (<see cref="Open"/>) and share it: <see cref="Classify(ReadOnlySpan{char})"/> is
/// thread-safe (one <see cref="InferenceSession"/>, which allows concurrent runs; each thread has its own
/// <see cref="EmotionScratch"/> with pinned buffers and an IO binding), and a call allocates only the 32-byte
/// input name the package's <see cref="OrtIoBinding.BindInput(string, OrtValue)"/> encodes each time.
/// Any text is accepted: empty or whitespace gives <see cref="EmotionOutcome.NothingToClassify"/>; text longer
/// than 1,000 normalised code points (or 8,192 features) is truncated and flagged; controls, emoji and mixed
/// scripts are normalised by <see cref="EmotionFeaturizer"/>.
/// </summary>
public sealed class EmotionClassifier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly ThreadLocal<EmotionScratch> _scratch;
    private readonly Lock _disposeLock = new();
    private bool _disposed;

    private EmotionClassifier(InferenceSession session, string inputName, string outputName,
        EmotionModelMetadata metadata, float askThreshold, string modelPath, string runtimeVersion)
    {
        _session = session;
        InputName = inputName;
        OutputName = outputName;
        Metadata = metadata;
        AskThreshold = askThreshold;
        ModelPath = modelPath;
        RuntimeVersion = runtimeVersion;
        Featurizer = new EmotionFeaturizer(metadata.Featurizer);
        _scratch = new ThreadLocal<EmotionScratch>(() => new EmotionScratch(_session, InputName, OutputName, Featurizer),
            trackAllValues: true);
    }

    /// <summary>The featurizer matching the model.</summary>
    public EmotionFeaturizer Featurizer { get; }

    /// <summary>The model's metadata (version, featurizer parameters, threshold).</summary>
    public EmotionModelMetadata Metadata { get; }

    /// <summary>Confidence below which results set <see cref="EmotionResult.ShouldAskUser"/>.</summary>
    public float AskThreshold { get; }

    /// <summary>Full path of the ONNX model in use.</summary>
    public string ModelPath { get; }

    /// <summary>ONNX Runtime's version string, e.g. "1.32.0".</summary>
    public string RuntimeVersion { get; }

    /// <summary>The model's input (int64 ids [1, n]) and output (float scores [1, 5]) names.</summary>
    internal string InputName { get; }

    /// <inheritdoc cref="InputName"/>
    internal string OutputName { get; }

    /// <summary>
    /// Loads the model and its metadata, ONNX Runtime, and runs the model once. Every problem surfaces here as
    /// one <see cref="EmotionRuntimeException"/> naming the failing file and what to do; nothing is deferred to
    /// the first classification.
    /// </summary>
    /// <param name="options">Paths and threshold; null = defaults (see <see cref="EmotionPaths"/>).</param>
    public static EmotionClassifier Open(EmotionOptions? options = null)
    {
        options ??= new EmotionOptions();
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

        var version = EmotionSessionFactory.RuntimeVersion();
        var session = EmotionSessionFactory.Create(modelPath, out var inputName, out var outputName);
        EmotionClassifier? classifier = null;
        try
        {
            var threshold = options.AskThreshold ?? metadata.AskThreshold;
            classifier = new EmotionClassifier(session, inputName, outputName, metadata, threshold, modelPath, version);
            classifier.SelfCheck();
            return classifier;
        }
        catch
        {
            if (classifier is not null) classifier.Dispose();
            else session.Dispose();
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
            foreach (var s in _scratch.Values) s.Dispose();
            _scratch.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
        }
    }

    private void Run(EmotionScratch s, int n)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            s.BindInput(n);
            _session.RunWithBinding(_runOptions, s.Binding);
        }
        catch (OnnxRuntimeException e)
        {
            throw new EmotionRuntimeException(EmotionRuntimeFailure.RunFailed, ModelPath,
                $"ONNX Runtime Run failed on {ModelPath}: {e.Message.Trim()}. {EmotionPaths.ModelRemedy}", e);
        }
    }

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
}
