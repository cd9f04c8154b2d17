namespace TuneBot.Core.Features;

/// <summary>
/// The short-time Fourier transform of one clip, computed once and shared by every feature
/// (librosa recomputes it per feature). Frame-major: bin k of frame t is at <c>t * Bins + k</c>, so one
/// frame's spectrum is contiguous and vector loads run across bins.
/// </summary>
public sealed class Spectrogram
{
    private float[]? _magnitude;
    private float[]? _power;

    /// <param name="magnitude">|X| if already computed (else computed on first use).</param>
    /// <param name="power">|X|² if already computed (else computed on first use).</param>
    public Spectrogram(int frames, int bins, int nFft, int hopLength, int sampleRate, float[] real, float[] imag,
        float[]? magnitude = null, float[]? power = null)
    {
        _magnitude = magnitude;
        _power = power;
        Frames = frames;
        Bins = bins;
        NFft = nFft;
        HopLength = hopLength;
        SampleRate = sampleRate;
        Real = real;
        Imag = imag;
    }

    public int Frames { get; }
    public int Bins { get; }
    public int NFft { get; }
    public int HopLength { get; }
    public int SampleRate { get; }
    public float[] Real { get; }
    public float[] Imag { get; }

    /// <summary>|X|, computed on first use and cached.</summary>
    public float[] Magnitude => _magnitude ??= ComputeMagnitude();

    /// <summary>|X|², computed on first use and cached.</summary>
    public float[] Power => _power ??= ComputePower();

    /// <summary>Centre frequency of each bin in Hz (librosa.fft_frequencies).</summary>
    public double BinFrequency(int k) => (double)k * SampleRate / NFft;

    public ReadOnlySpan<float> MagnitudeFrame(int t) => Magnitude.AsSpan(t * Bins, Bins);
    public ReadOnlySpan<float> PowerFrame(int t) => Power.AsSpan(t * Bins, Bins);

    private float[] ComputePower()
    {
        var p = new float[Real.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(Real, Real, p);
        System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(Imag, Imag, p, p);
        return p;
    }

    private float[] ComputeMagnitude()
    {
        var power = _power ?? ComputePower();
        var m = new float[power.Length];
        System.Numerics.Tensors.TensorPrimitives.Sqrt(power, m);
        return m;
    }
}
