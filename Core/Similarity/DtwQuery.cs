namespace TuneBot.Core.Similarity;

/// <summary>A query prepared for the banded search: its frames and the Sakoe–Chiba radius. Immutable, shared by
/// all threads of one search.</summary>
public sealed class DtwQuery
{
    /// <param name="query">The clip's frames (≥ 2 frames to be searchable).</param>
    /// <param name="band">Sakoe–Chiba radius r in frames (see <see cref="BandedSubsequenceDtw"/>).</param>
    public DtwQuery(FrameSequence query, int band)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (band < 0) throw new ArgumentOutOfRangeException(nameof(band));
        Sequence = query;
        Band = band;
    }

    public FrameSequence Sequence { get; }
    public int Band { get; }
    public int Frames => Sequence.Frames;
    public int Dims => Sequence.Dims;
}
