using TuneBot.Core.Storage;
using TuneBot.Core.Features;
using TuneBot.Core.Similarity;

namespace TuneBot.Core.Recommendation;

/// <summary>A clip's analysis: the prepared search frames, the raw pooled frames (for the window candidate stage)
/// and (for a recorded clip) its librosa summary.</summary>
internal sealed record ClipFeatures(FrameSequence Query, FeatureSummary? Summary, float[]? Raw = null)
{
    public static ClipFeatures Compute(float[] samples, int sampleRate, RecommenderOptions options)
    {
        var spectrogram = Stft.Compute(samples, sampleRate);
        var analysis = FeatureExtractor.Analyze(samples, spectrogram);
        // Through the catalog's own encoding, so clip and tracks are pooled and quantised identically.
        var stored = SequenceEncoding.Encode(SearchFrames.Compute(spectrogram));
        var raw = stored.Decode();
        var query = SearchFramePreparation.Prepare(raw, stored.Frames, options.Normalisation, options.ChromaWeight);
        return new ClipFeatures(query, analysis.Summary, raw);
    }
}
