namespace TuneBot.Core.Similarity;

/// <summary>
/// A query prepared once for the banded search: its frames plus the per-dimension envelope
/// L_i = min, U_i = max of the query frames i − r … i + r (the multivariate LB_Keogh envelope). Immutable and
/// shared by all threads of one search.
/// </summary>
public sealed class DtwQuery
{
    /// <param name="query">The clip's frames (≥ 2 frames).</param>
    /// <param name="band">Sakoe–Chiba radius r in frames (see <see cref="BandedSubsequenceDtw"/>).</param>
    public DtwQuery(FrameSequence query, int band)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (band < 0) throw new ArgumentOutOfRangeException(nameof(band));
        Sequence = query;
        Band = band;
        int n = query.Frames, d = query.Dims;
        Lower = new float[n * d];
        Upper = new float[n * d];
        var q = query.Data;
        // Straightforward O(N·r·d) envelope: N and r are small (a clip of ~86 frames) and this runs once per query.
        for (int i = 0; i < n; i++)
        {
            int lo = Math.Max(0, i - band), hi = Math.Min(n - 1, i + band);
            for (int k = 0; k < d; k++)
            {
                float mn = float.PositiveInfinity, mx = float.NegativeInfinity;
                for (int t = lo; t <= hi; t++) { float v = q[t * d + k]; if (v < mn) mn = v; if (v > mx) mx = v; }
                Lower[i * d + k] = mn;
                Upper[i * d + k] = mx;
            }
        }
    }

    public FrameSequence Sequence { get; }
    public int Band { get; }
    public int Frames => Sequence.Frames;
    public int Dims => Sequence.Dims;
    internal float[] Lower { get; }
    internal float[] Upper { get; }
}
