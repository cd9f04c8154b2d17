namespace TuneBot.Core.Similarity;

/// <summary>
/// How far apart two whole recordings are, frame by frame: both sequences normalised with their own statistics
/// (a re-encode may change the level slightly), then the mean Euclidean frame distance per √dimension over the
/// frames they share, aligned at the start. A few frames of shift are tried because encoders add a short delay
/// or padding (MP3 ≈ 26 ms, under one 93 ms frame); no warping, since a copy of a recording keeps its timing.
/// About 0 for the same recording re-encoded; different music stays near 1 (docs/ingest.md has the measurements).
/// </summary>
public static class RecordingDistance
{
    /// <summary>Frames of start offset tried either way.</summary>
    public const int MaxShiftFrames = 3;

    /// <summary>The distance (≥ 0); infinity when the sequences share no frames or differ in dimensions.</summary>
    public static double Between(FrameSequence a, FrameSequence b)
    {
        if (a.Dims != b.Dims || a.Frames == 0 || b.Frames == 0) return double.PositiveInfinity;
        var na = SequenceNormalization.PerSequence(a);
        var nb = SequenceNormalization.PerSequence(b);
        double best = double.PositiveInfinity;
        for (int shift = -MaxShiftFrames; shift <= MaxShiftFrames; shift++)
        {
            int startA = Math.Max(0, shift), startB = Math.Max(0, -shift);
            int n = Math.Min(a.Frames - startA, b.Frames - startB);
            if (n <= 0) continue;
            double sum = 0;
            for (int t = 0; t < n; t++) sum += FrameDistance.Euclidean(na.Frame(startA + t), nb.Frame(startB + t));
            best = Math.Min(best, sum / n / Math.Sqrt(a.Dims));
        }
        return best;
    }
}
