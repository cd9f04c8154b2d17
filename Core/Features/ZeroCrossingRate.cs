namespace TuneBot.Core.Features;

/// <summary>
/// librosa.feature.zero_crossing_rate with its defaults: frames of 2048 samples every 512, centred by padding with
/// the EDGE samples (unlike the STFT's zeros), a crossing wherever the sign bit changes between neighbours within the
/// frame, samples with |x| ≤ 1e-10 counted as +0 (zero_pos); rate = crossings / frame length.
/// </summary>
public static class ZeroCrossingRate
{
    private const float ZeroThreshold = 1e-10f; // librosa.zero_crossings' default threshold

    /// <summary>Zero-crossing rate per frame, 1 × (1 + ⌊len / hop⌋).</summary>
    /// <param name="samples">Mono samples.</param>
    /// <param name="frameLength">Samples per frame (default 2048).</param>
    /// <param name="hopLength">Samples between frame starts (default 512).</param>
    public static FeatureMatrix Compute(ReadOnlySpan<float> samples, int frameLength = Stft.DefaultNFft, int hopLength = Stft.DefaultHopLength)
    {
        if (frameLength < 2) throw new ArgumentOutOfRangeException(nameof(frameLength));
        if (hopLength < 1) throw new ArgumentOutOfRangeException(nameof(hopLength));
        int n = samples.Length;
        var result = new FeatureMatrix(1, n == 0 ? 0 : 1 + n / hopLength);
        if (n == 0) return result;
        int pad = frameLength / 2;
        // crossing[j] = 1 when samples j−1 and j differ in sign (j = 1..n−1); the edge padding repeats a sample, so it
        // never adds a crossing. Prefix sums make each frame's count two lookups.
        var prefix = new int[n + 1]; // prefix[j] = Σ crossing[1..j−1]
        bool prevNegative = IsNegative(samples[0]);
        prefix[1] = 0;
        for (int j = 1; j < n; j++)
        {
            bool negative = IsNegative(samples[j]);
            prefix[j + 1] = prefix[j] + (negative != prevNegative ? 1 : 0);
            prevNegative = negative;
        }
        float denominator = frameLength;
        for (int t = 0; t < result.Frames; t++)
        {
            // Frame t spans padded positions [t·hop, t·hop + frameLength), i.e. samples start..end clamped to the signal.
            // Pairs inside the frame are (i−1, i) for i = start+1 .. start+frameLength−1.
            int start = t * hopLength - pad;
            int lo = Math.Clamp(start + 1, 1, n);              // first j whose pair lies in the frame
            int hi = Math.Clamp(start + frameLength - 1, 0, n - 1); // last j
            int count = hi >= lo ? prefix[hi + 1] - prefix[lo] : 0;
            result.Data[t] = count / denominator;
        }
        return result;
    }

    private static bool IsNegative(float x) => !(Math.Abs(x) <= ZeroThreshold) && float.IsNegative(x);
}
