using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace TuneBot.Core.Emotion;

/// <summary>
/// One thread's buffers for <see cref="EmotionClassifier"/>: ids, code points and scores on the pinned object heap,
/// an <see cref="OrtIoBinding"/> (not thread-safe, hence per thread) whose output is bound once to the scores, and
/// the input OrtValues over the ids, created once per input length: a run then creates nothing.
/// </summary>
internal sealed class EmotionScratch : IDisposable
{
    private readonly string _inputName;
    private readonly OrtValue _output;

    // Index = number of ids. Filled lazily; a thread that saw every length up to 8,192 holds ~8,192 small values
    // (a few MB), users' messages stay under a few hundred.
    private readonly OrtValue?[] _inputs;

    public EmotionScratch(InferenceSession session, string inputName, string outputName, EmotionFeaturizer featurizer)
    {
        _inputName = inputName;
        Ids = GC.AllocateArray<long>(featurizer.MaxFeatures, pinned: true);
        CodePoints = new int[featurizer.ScratchLength];
        Scores = GC.AllocateArray<float>(EmotionLabels.Count, pinned: true);
        _inputs = new OrtValue?[featurizer.MaxFeatures + 1];
        _output = OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float,
            [1, EmotionLabels.Count], Marshal.UnsafeAddrOfPinnedArrayElement(Scores, 0), EmotionLabels.Count * sizeof(float));
        Binding = session.CreateIoBinding();
        Binding.BindOutput(outputName, _output);
    }

    /// <summary>Feature ids, input of the model (pinned).</summary>
    public long[] Ids { get; }

    /// <summary>The featurizer's scratch.</summary>
    public int[] CodePoints { get; }

    /// <summary>The five scores the model writes (pinned).</summary>
    public float[] Scores { get; }

    /// <summary>The binding to run with; its output is <see cref="Scores"/>.</summary>
    public OrtIoBinding Binding { get; }

    /// <summary>Binds the first <paramref name="n"/> of <see cref="Ids"/> as the [1, n] input.</summary>
    public void BindInput(int n)
    {
        var input = _inputs[n] ??= OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Int64,
            [1, n], Marshal.UnsafeAddrOfPinnedArrayElement(Ids, 0), (long)n * sizeof(long));
        Binding.BindInput(_inputName, input);
    }

    public void Dispose()
    {
        Binding.Dispose();
        _output.Dispose();
        foreach (var v in _inputs) v?.Dispose();
    }
}
