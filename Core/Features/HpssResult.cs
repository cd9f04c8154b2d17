namespace TuneBot.Core.Features;

/// <summary>What TuneBot keeps of a harmonic–percussive separation: the RMS envelope of each part.</summary>
public sealed class HpssResult
{
    public HpssResult(FeatureMatrix harmonicRms, FeatureMatrix percussiveRms)
    {
        HarmonicRms = harmonicRms;
        PercussiveRms = percussiveRms;
    }

    /// <summary>librosa.feature.rms(y = y_harmonic): 1 × T, frame 2048, hop 512, centred with zero padding.</summary>
    public FeatureMatrix HarmonicRms { get; }

    /// <summary>librosa.feature.rms(y = y_percussive): 1 × T.</summary>
    public FeatureMatrix PercussiveRms { get; }
}
