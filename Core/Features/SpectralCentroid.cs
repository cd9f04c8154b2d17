using System.Numerics.Tensors;

namespace TuneBot.Core.Features;

/// <summary>librosa.feature.spectral_centroid: per frame Σ f·S / Σ S over the magnitude spectrogram, in Hz.</summary>
public static class SpectralCentroid
{
    /// <summary>Centroid per frame, 1 × T, Hz; 0 for a frame with no energy (librosa leaves an all-zero frame unnormalised).</summary>
    public static FeatureMatrix Compute(Spectrogram spectrogram)
    {
        int frames = spectrogram.Frames, bins = spectrogram.Bins;
        var freq = BinFrequencies(spectrogram);
        var mag = spectrogram.Magnitude;
        var result = new FeatureMatrix(1, frames);
        for (int t = 0; t < frames; t++)
        {
            var s = mag.AsSpan(t * bins, bins);
            double total = TensorPrimitives.Sum(s);
            double weighted = TensorPrimitives.Dot(s, freq);
            // util.normalize(norm=1) skips frames whose L1 norm is below tiny(float32).
            result.Data[t] = (float)(total < 1.17549435e-38 ? weighted : weighted / total);
        }
        return result;
    }

    internal static float[] BinFrequencies(Spectrogram spectrogram)
    {
        var freq = new float[spectrogram.Bins];
        for (int k = 0; k < freq.Length; k++) freq[k] = (float)spectrogram.BinFrequency(k);
        return freq;
    }
}
