using TuneBot.Core.Features;

namespace TuneBot.Core.Similarity;

/// <summary>Search frames (<see cref="SearchFrames"/>) made ready for DTW: normalised, chroma weighted.</summary>
public static class SearchFramePreparation
{
    /// <summary>
    /// Turns pooled raw frames (frame-major, <see cref="SearchFrames.Dims"/> values each, as
    /// the catalog's SequenceEncoding.Decode returns) into the sequence DTW compares: every dimension
    /// mean/variance normalised over the sequence (scaling matters more than the mean: AGC and noise change the
    /// dynamic range), then the chroma dimensions multiplied by <paramref name="chromaWeight"/>.
    /// Catalog tracks and clips go through the same function.
    /// </summary>
    public static FrameSequence Prepare(float[] pooled, int frames, NormalisationMode mode, float chromaWeight)
    {
        var raw = new FrameSequence(pooled, frames, SearchFrames.Dims);
        var normalised = mode switch
        {
            NormalisationMode.None => new FrameSequence((float[])pooled.Clone(), frames, SearchFrames.Dims),
            _ => SequenceNormalization.PerSequence(raw),
        };
        if (chromaWeight != 1f)
        {
            var d = normalised.Data;
            for (int t = 0; t < frames; t++)
                for (int k = SearchFrames.MfccRows; k < SearchFrames.Dims; k++) d[t * SearchFrames.Dims + k] *= chromaWeight;
        }
        return normalised;
    }
}

/// <summary>How search frames are normalised before DTW (catalog and clip alike).</summary>
public enum NormalisationMode
{
    /// <summary>Mean and variance per dimension over the whole sequence (a track, or the clip).</summary>
    PerSequence,
    /// <summary>Raw values (for comparison only).</summary>
    None,
}
