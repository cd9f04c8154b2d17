using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TuneBot.Core.Features;

/// <summary>
/// librosa.feature.tempo (librosa.feature.rhythm.tempo, 0.11) with its defaults: the autocorrelation tempogram of
/// the onset envelope over ac_size = 8 s windows (win_length = ⌊⌊8·sr⌋ / hop⌋ = 344 frames at 22050 Hz / 512),
/// each frame's autocorrelation normalised by its maximum (lag 0), averaged over time, weighted by a log-normal
/// prior centred on 120 BPM with a one-octave standard deviation, lags faster than 320 BPM excluded, and the
/// best lag turned into BPM. Only 60·sr / (hop·k) BPM can be returned (a true 120 BPM reads 117.45).
/// </summary>
public static class Tempo
{
    public const double StartBpm = 120.0;
    public const double StdBpm = 1.0;
    public const double MaxTempo = 320.0;
    public const double AutocorrelationSeconds = 8.0;

    // numpy.finfo(float64).tiny: librosa.util.normalize's default threshold for float64 data.
    private const double SmallestNormalDouble = 2.2250738585072014E-308;

    /// <summary>Estimated global tempo in BPM.</summary>
    /// <param name="onsetEnvelope">Onset strength per frame (<see cref="OnsetStrength.Compute"/>).</param>
    /// <param name="sampleRate">Sample rate of the audio in Hz (default 22050).</param>
    /// <param name="hopLength">Frame hop in samples (default 512).</param>
    /// <returns>Tempo in BPM; for an empty envelope, the tempo of the prior's best lag on a flat tempogram.</returns>
    public static double Estimate(ReadOnlySpan<float> onsetEnvelope, int sampleRate = 22050, int hopLength = Stft.DefaultHopLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopLength, 1);
        // librosa.time_to_frames: samples = int(t·sr), frames = samples // hop.
        int winLength = (int)(AutocorrelationSeconds * sampleRate) / hopLength;
        var tempogram = MeanTempogram(onsetEnvelope, winLength);
        int best = -1;
        double bestScore = double.NegativeInfinity;
        double logStart = Math.Log2(StartBpm);
        for (int k = 1; k < winLength; k++)
        {
            double bpm = Bpm(k, sampleRate, hopLength);
            if (bpm >= MaxTempo) continue; // librosa: logprior[:argmax(bpms < max_tempo)] = −∞
            double z = (Math.Log2(bpm) - logStart) / StdBpm;
            double score = Math.Log(1.0 + 1e6 * tempogram[k]) - 0.5 * z * z; // log1p(1e6·tg) + logprior
            if (score > bestScore) { bestScore = score; best = k; }
        }
        return best < 0 ? StartBpm : Bpm(best, sampleRate, hopLength);
    }

    /// <summary>BPM of an autocorrelation lag of <paramref name="lag"/> frames (librosa.tempo_frequencies).</summary>
    public static double Bpm(int lag, int sampleRate = 22050, int hopLength = Stft.DefaultHopLength) =>
        60.0 * sampleRate / (hopLength * (double)lag);

    /// <summary>
    /// librosa.feature.tempogram (center = True, Hann window, norm = ∞) averaged over frames: element k is the mean
    /// over frames of the frame's autocorrelation at lag k divided by its value at lag 0.
    /// </summary>
    /// <param name="onsetEnvelope">Onset strength per frame.</param>
    /// <param name="winLength">Autocorrelation window in frames (344 for librosa's defaults).</param>
    /// <returns>winLength values (element 0 is 1 unless every frame is silent).</returns>
    public static double[] MeanTempogram(ReadOnlySpan<float> onsetEnvelope, int winLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(winLength, 1);
        int n = onsetEnvelope.Length;
        var mean = new double[winLength];
        if (n == 0) return mean;
        int half = winLength / 2;
        // np.pad(mode="linear_ramp", end_values=0) in float32: each side ramps from 0 towards the edge value,
        // excluding the edge itself (np.linspace(0, edge, half, endpoint=False)).
        var padded = new float[n + 2 * half];
        for (int i = 0; i < half; i++)
        {
            padded[i] = (float)(onsetEnvelope[0] * (double)i / half);
            padded[n + 2 * half - 1 - i] = (float)(onsetEnvelope[n - 1] * (double)i / half);
        }
        onsetEnvelope.CopyTo(padded.AsSpan(half));
        var window = new double[winLength];
        for (int i = 0; i < winLength; i++) window[i] = 0.5 - 0.5 * Math.Cos(2.0 * Math.PI * i / winLength);
        if (Vector256.IsHardwareAccelerated && Avx.IsSupported)
        {
            AccumulateNormalisedAutocorrelationsSimd(padded, n, window, mean);
        }
        else
        {
            var frame = new double[winLength];
            var ac = new double[winLength];
            for (int t = 0; t < n; t++)
            {
                for (int i = 0; i < winLength; i++) frame[i] = padded[t + i] * window[i];
                for (int k = 0; k < winLength; k++) ac[k] = TensorPrimitives.Dot(frame.AsSpan(0, winLength - k), frame.AsSpan(k));
                double scale = NormScale(ac);
                for (int k = 0; k < winLength; k++) mean[k] += ac[k] * scale;
            }
        }
        for (int k = 0; k < winLength; k++) mean[k] /= n;
        return mean;
    }

    /// <summary>
    /// librosa.util.normalize(norm = ∞) scale of one autocorrelation: 1 / max |ac|, or 1 (frame left as is) when
    /// that maximum is below the smallest normal double.
    /// </summary>
    private static double NormScale(ReadOnlySpan<double> ac)
    {
        double norm = 0;
        foreach (var v in ac) norm = Math.Max(norm, Math.Abs(v));
        return norm < SmallestNormalDouble ? 1.0 : 1.0 / norm;
    }

    /// <summary>
    /// The same sums, four frames per vector (double lanes), eight lags per pass so eight independent FMA chains
    /// hide the FMA latency. The windowed frames are stored once per block of four, zero-padded past the window
    /// so every lag in a pass runs over the same index range.
    /// </summary>
    private static void AccumulateNormalisedAutocorrelationsSimd(float[] padded, int n, double[] window, double[] mean)
    {
        const int LagBlock = 8;
        int w = window.Length;
        var f = new Vector256<double>[w + LagBlock];
        var ac = new Vector256<double>[w + LagBlock];
        var lane = new double[w];
        Span<double> tmp = stackalloc double[4];
        ref float p = ref MemoryMarshal.GetArrayDataReference(padded);
        for (int t0 = 0; t0 < n; t0 += 4)
        {
            int lanes = Math.Min(4, n - t0);
            for (int i = 0; i < w; i++)
            {
                Vector256<double> x;
                if (lanes == 4)
                {
                    x = Avx.ConvertToVector256Double(Vector128.LoadUnsafe(ref p, (nuint)(t0 + i)));
                }
                else
                {
                    for (int l = 0; l < 4; l++) tmp[l] = l < lanes ? padded[t0 + l + i] : 0.0;
                    x = Vector256.Create<double>(tmp);
                }
                f[i] = x * Vector256.Create(window[i]);
            }
            ref var fr = ref MemoryMarshal.GetArrayDataReference(f);
            for (int k = 0; k < w; k += LagBlock)
            {
                var a0 = Vector256<double>.Zero; var a1 = a0; var a2 = a0; var a3 = a0;
                var a4 = a0; var a5 = a0; var a6 = a0; var a7 = a0;
                int end = w - k;
                for (int i = 0; i < end; i++)
                {
                    var fi = Unsafe.Add(ref fr, i);
                    ref var c = ref Unsafe.Add(ref fr, i + k);
                    a0 = Vector256.FusedMultiplyAdd(fi, c, a0);
                    a1 = Vector256.FusedMultiplyAdd(fi, Unsafe.Add(ref c, 1), a1);
                    a2 = Vector256.FusedMultiplyAdd(fi, Unsafe.Add(ref c, 2), a2);
                    a3 = Vector256.FusedMultiplyAdd(fi, Unsafe.Add(ref c, 3), a3);
                    a4 = Vector256.FusedMultiplyAdd(fi, Unsafe.Add(ref c, 4), a4);
                    a5 = Vector256.FusedMultiplyAdd(fi, Unsafe.Add(ref c, 5), a5);
                    a6 = Vector256.FusedMultiplyAdd(fi, Unsafe.Add(ref c, 6), a6);
                    a7 = Vector256.FusedMultiplyAdd(fi, Unsafe.Add(ref c, 7), a7);
                }
                ac[k] = a0; ac[k + 1] = a1; ac[k + 2] = a2; ac[k + 3] = a3;
                ac[k + 4] = a4; ac[k + 5] = a5; ac[k + 6] = a6; ac[k + 7] = a7;
            }
            for (int l = 0; l < lanes; l++)
            {
                for (int k = 0; k < w; k++) lane[k] = ac[k].GetElement(l);
                double scale = NormScale(lane);
                for (int k = 0; k < w; k++) mean[k] += lane[k] * scale;
            }
        }
    }
}
