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
        // never adds a crossing. Frame t's pairs are (i−1, i) for i = start+1 .. start+frameLength−1, start = t·hop − pad.
        if (pad % hopLength == 0 && frameLength % hopLength == 0)
        {
            // Hop-aligned blocks: blockCount[b] = Σ crossing[j], j in [b·hop, (b+1)·hop); a frame is a few blocks
            // minus the pair that straddles its first sample.
            int blocks = (n + hopLength - 1) / hopLength;
            var blockPrefix = new int[blocks + 1];
            for (int b = 0; b < blocks; b++)
            {
                int lo = Math.Max(1, b * hopLength), hi = Math.Min(n, (b + 1) * hopLength);
                blockPrefix[b + 1] = blockPrefix[b] + CountCrossings(samples, lo, hi);
            }
            int perFrame = frameLength / hopLength, padBlocks = pad / hopLength;
            for (int t = 0; t < result.Frames; t++)
            {
                int b0 = t - padBlocks, b1 = b0 + perFrame; // blocks [b0, b1) cover j in [start, start + frameLength)
                int count = blockPrefix[Math.Clamp(b1, 0, blocks)] - blockPrefix[Math.Clamp(b0, 0, blocks)];
                int first = b0 * hopLength; // j = start is the pair (start−1, start), outside the frame
                if (first >= 1 && first < n && IsNegative(samples[first]) != IsNegative(samples[first - 1])) count--;
                result.Data[t] = count / (float)frameLength;
            }
            return result;
        }
        var prefix = new int[n + 1]; // prefix[j] = Σ crossing[1..j−1]
        bool prevNegative = IsNegative(samples[0]);
        for (int j = 1; j < n; j++)
        {
            bool negative = IsNegative(samples[j]);
            prefix[j + 1] = prefix[j] + (negative != prevNegative ? 1 : 0);
            prevNegative = negative;
        }
        float denominator = frameLength;
        for (int t = 0; t < result.Frames; t++)
        {
            int start = t * hopLength - pad;
            int lo = Math.Clamp(start + 1, 1, n);                   // first j whose pair lies in the frame
            int hi = Math.Clamp(start + frameLength - 1, 0, n - 1); // last j
            int count = hi >= lo ? prefix[hi + 1] - prefix[lo] : 0;
            result.Data[t] = count / denominator;
        }
        return result;
    }

    /// <summary>Σ crossing[j] for j in [lo, hi), 1 ≤ lo: sign changes between samples j−1 and j.</summary>
    private static int CountCrossings(ReadOnlySpan<float> x, int lo, int hi)
    {
        int count = 0, j = lo;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int w = System.Numerics.Vector<float>.Count;
            var threshold = new System.Numerics.Vector<float>(-ZeroThreshold);
            for (; j + w <= hi; j += w)
            {
                // x < −threshold is exactly "sign bit set and |x| > threshold" (−0 and tiny values count as positive).
                var cur = System.Numerics.Vector.LessThan(new System.Numerics.Vector<float>(x.Slice(j, w)), threshold);
                var prev = System.Numerics.Vector.LessThan(new System.Numerics.Vector<float>(x.Slice(j - 1, w)), threshold);
                count -= System.Numerics.Vector.Sum(System.Numerics.Vector.Xor(cur, prev)); // each true lane is −1
            }
        }
        for (; j < hi; j++) if (IsNegative(x[j]) != IsNegative(x[j - 1])) count++;
        return count;
    }

    private static bool IsNegative(float x) => x < -ZeroThreshold;
}
