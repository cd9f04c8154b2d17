namespace TuneBot.Core.Similarity;

/// <summary>
/// The best placement of a query inside one track: accumulated DTW cost (sum of Euclidean frame distances along
/// the warping path, librosa's unnormalised cost), and the first and last track frame (inclusive) the path uses.
/// <see cref="Cost"/> is +∞ (and the frames −1) when no placement exists or the search abandoned the track.
/// </summary>
public readonly record struct DtwMatch(double Cost, int StartFrame, int EndFrame, int QueryFrames)
{
    public static DtwMatch None(int queryFrames) => new(double.PositiveInfinity, -1, -1, queryFrames);

    /// <summary>True when a placement was found.</summary>
    public bool Found => !double.IsPositiveInfinity(Cost);

    /// <summary>Cost divided by the query's length in frames (comparable across query lengths).</summary>
    public double CostPerQueryFrame => QueryFrames == 0 ? double.PositiveInfinity : Cost / QueryFrames;
}
