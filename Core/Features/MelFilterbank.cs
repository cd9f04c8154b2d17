namespace TuneBot.Core.Features;

/// <summary>
/// librosa.filters.mel with htk = False and norm = "slaney": triangular filters equally spaced on the Slaney
/// mel scale (linear below 1 kHz, logarithmic above), each scaled to unit area (2 / bandwidth in Hz).
/// Only the non-zero span of each filter is stored, so applying it costs about two multiply-adds per FFT bin.
/// Parameterised so the similarity search can build a band-limited bank (e.g. 40 mels, 300–3400 Hz)
/// over the same power spectrogram.
/// </summary>
public sealed class MelFilterbank
{
    // Slaney's Auditory Toolbox constants, as in librosa.hz_to_mel(htk=False).
    private const double LinearHzPerMel = 200.0 / 3.0;
    private const double MinLogHz = 1000.0;
    private const double MinLogMel = MinLogHz / LinearHzPerMel; // 15
    private static readonly double LogStep = Math.Log(6.4) / 27.0;

    private static readonly Lazy<MelFilterbank> LibrosaDefault = new(() => new MelFilterbank());

    private readonly int[] _start;
    private readonly float[][] _weights;

    /// <param name="sampleRate">Sample rate in Hz (default 22050).</param>
    /// <param name="nFft">FFT size the spectrogram was computed with (default 2048 → 1025 bins).</param>
    /// <param name="nMels">Number of mel bands (default 128).</param>
    /// <param name="fMin">Lowest filter edge in Hz (default 0).</param>
    /// <param name="fMax">Highest filter edge in Hz (default sampleRate / 2).</param>
    public MelFilterbank(int sampleRate = 22050, int nFft = Stft.DefaultNFft, int nMels = 128, double fMin = 0, double? fMax = null)
    {
        if (sampleRate <= 0) throw new ArgumentOutOfRangeException(nameof(sampleRate));
        if (nFft < 2) throw new ArgumentOutOfRangeException(nameof(nFft));
        if (nMels < 1) throw new ArgumentOutOfRangeException(nameof(nMels));
        double top = fMax ?? sampleRate / 2.0;
        if (fMin < 0 || top <= fMin) throw new ArgumentOutOfRangeException(nameof(fMax), "Need 0 ≤ fMin < fMax.");

        SampleRate = sampleRate;
        NFft = nFft;
        Mels = nMels;
        Bins = nFft / 2 + 1;
        FMin = fMin;
        FMax = top;

        // n_mels + 2 edge frequencies, equally spaced in mel (librosa.mel_frequencies).
        var edges = new double[nMels + 2];
        double melLo = HzToMel(fMin), melHi = HzToMel(top);
        double melStep = (melHi - melLo) / (edges.Length - 1); // np.linspace: start + i·step, last point exact
        for (int i = 0; i < edges.Length; i++)
            edges[i] = MelToHz(i == edges.Length - 1 ? melHi : melLo + i * melStep);

        _start = new int[nMels];
        _weights = new float[nMels][];
        var row = new float[Bins];
        for (int m = 0; m < nMels; m++)
        {
            double lowerWidth = edges[m + 1] - edges[m];
            double upperWidth = edges[m + 2] - edges[m + 1];
            double enorm = 2.0 / (edges[m + 2] - edges[m]);
            int first = -1, last = -1;
            for (int k = 0; k < Bins; k++)
            {
                double f = BinFrequency(k);
                double lower = (f - edges[m]) / lowerWidth;
                double upper = (edges[m + 2] - f) / upperWidth;
                // librosa stores the ramp in the float32 weight matrix before scaling it in place by the norm.
                float w = (float)Math.Max(0.0, Math.Min(lower, upper));
                w = (float)(w * enorm);
                row[k] = w;
                if (w > 0) { if (first < 0) first = k; last = k; }
            }
            if (first < 0) { _start[m] = 0; _weights[m] = []; continue; }
            _start[m] = first;
            _weights[m] = row.AsSpan(first, last - first + 1).ToArray();
        }
    }

    /// <summary>The bank librosa.feature.melspectrogram uses by default (22050 Hz, n_fft 2048, 128 mels, 0 Hz – Nyquist).</summary>
    public static MelFilterbank Default => LibrosaDefault.Value;

    public int SampleRate { get; }
    public int NFft { get; }
    public int Mels { get; }
    public int Bins { get; }
    public double FMin { get; }
    public double FMax { get; }

    /// <summary>First FFT bin with a non-zero weight in filter <paramref name="mel"/>.</summary>
    public int StartBin(int mel) => _start[mel];

    /// <summary>The non-zero weights of filter <paramref name="mel"/>, starting at <see cref="StartBin"/>.</summary>
    public ReadOnlySpan<float> Weights(int mel) => _weights[mel];

    /// <summary>Frequency of FFT bin k in Hz (librosa.fft_frequencies = numpy.fft.rfftfreq(n_fft, 1/sr)).</summary>
    private double BinFrequency(int k) => k * (1.0 / (NFft * (1.0 / SampleRate)));

    /// <summary>Slaney mel scale (librosa.hz_to_mel, htk = False).</summary>
    public static double HzToMel(double hz) =>
        hz >= MinLogHz ? MinLogMel + Math.Log(hz / MinLogHz) / LogStep : hz / LinearHzPerMel;

    /// <summary>Inverse of <see cref="HzToMel"/> (librosa.mel_to_hz, htk = False).</summary>
    public static double MelToHz(double mel) =>
        mel >= MinLogMel ? MinLogHz * Math.Exp(LogStep * (mel - MinLogMel)) : mel * LinearHzPerMel;

    /// <summary>The full Mels × Bins weight matrix, row-major (librosa.filters.mel's output), for inspection and tests.</summary>
    public float[] ToDense()
    {
        var dense = new float[Mels * Bins];
        for (int m = 0; m < Mels; m++) _weights[m].CopyTo(dense.AsSpan(m * Bins + _start[m]));
        return dense;
    }

    /// <summary>
    /// Mel power spectrogram (librosa.feature.melspectrogram with power 2): Mels × Frames.
    /// </summary>
    /// <param name="spectrogram">STFT computed with this bank's n_fft; its cached <see cref="Spectrogram.Power"/> is used.</param>
    public FeatureMatrix Apply(Spectrogram spectrogram)
    {
        if (spectrogram.Bins != Bins) throw new ArgumentException($"Spectrogram has {spectrogram.Bins} bins, the filterbank expects {Bins}.", nameof(spectrogram));
        var result = new FeatureMatrix(Mels, spectrogram.Frames);
        Apply(spectrogram.Power, spectrogram.Frames, result);
        return result;
    }

    /// <summary>
    /// Applies the bank to a frame-major spectrogram (<paramref name="frames"/> × <see cref="Bins"/>, e.g. power)
    /// writing into <paramref name="destination"/> (Mels × frames).
    /// </summary>
    public void Apply(ReadOnlySpan<float> frameMajor, int frames, FeatureMatrix destination)
    {
        if (frameMajor.Length < frames * Bins) throw new ArgumentException("Spectrogram is too short.", nameof(frameMajor));
        if (destination.Rows != Mels || destination.Frames != frames) throw new ArgumentException("Destination must be Mels × frames.", nameof(destination));
        var dst = destination.Data;
        for (int t = 0; t < frames; t++)
        {
            ref float frame = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(frameMajor.Slice(t * Bins, Bins));
            for (int m = 0; m < Mels; m++)
                dst[m * frames + t] = Dot(ref System.Runtime.CompilerServices.Unsafe.Add(ref frame, _start[m]), _weights[m]);
        }
    }

    // Most filters span a handful of bins, where a library call's set-up costs more than the arithmetic.
    private static float Dot(ref float x, float[] w)
    {
        int n = w.Length, i = 0;
        float acc = 0f;
        if (n >= 2 * System.Numerics.Vector<float>.Count)
        {
            var v = System.Numerics.Vector<float>.Zero;
            int step = System.Numerics.Vector<float>.Count;
            ref float wr = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(w);
            for (; i <= n - step; i += step)
                v += System.Numerics.Vector.LoadUnsafe(ref x, (nuint)i) * System.Numerics.Vector.LoadUnsafe(ref wr, (nuint)i);
            acc = System.Numerics.Vector.Sum(v);
        }
        for (; i < n; i++) acc += System.Runtime.CompilerServices.Unsafe.Add(ref x, i) * w[i];
        return acc;
    }
}
