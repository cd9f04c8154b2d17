namespace TuneBot.Core.Recommendation;

/// <summary>Per-dimension (x − mean) · invStd with catalog-wide statistics.</summary>
internal sealed record FrameStandardiser(float[] Mean, float[] InvStd)
{
    public float[] Apply(float[] raw)
    {
        int d = Mean.Length;
        var z = new float[raw.Length];
        for (int i = 0; i < raw.Length; i++) z[i] = (raw[i] - Mean[i % d]) * InvStd[i % d];
        return z;
    }
}
