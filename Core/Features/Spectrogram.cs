namespace TuneBot.Core.Features;

/// <summary>
/// The short-time Fourier transform of one clip, computed once and shared by every feature
/// (librosa recomputes it per feature). Frame-major: bin k of frame t is at <c>t * Bins + k</c>, so one
/// frame's spectrum is contiguous and vector loads run across bins.
/// </summary>
/// <remarks>
/// A spectrogram from <see cref="Stft.ComputePooled"/> holds its four frames × bins arrays on loan from
/// <see cref="LargeBufferPool"/> (≈ 32 MB each for 180 s, so allocating them per clip dominated both the
/// allocation and, through page faults, the time of an analysis): its arrays may be longer than <see cref="Cells"/>,
/// and <see cref="Dispose"/> hands them back, after which the spectrogram must not be used. Disposing one from
/// <see cref="Stft.Compute"/> does nothing.
/// </remarks>
public sealed class Spectrogram : IDisposable
{
    private float[]? _magnitude;
    private float[]? _power;
    private readonly bool _pooled;
    private bool _disposed;

    /// <param name="magnitude">|X| if already computed (else computed on first use).</param>
    /// <param name="power">|X|² if already computed (else computed on first use).</param>
    public Spectrogram(int frames, int bins, int nFft, int hopLength, int sampleRate, float[] real, float[] imag,
        float[]? magnitude = null, float[]? power = null)
        : this(frames, bins, nFft, hopLength, sampleRate, real, imag, magnitude, power, pooled: false)
    {
    }

    internal Spectrogram(int frames, int bins, int nFft, int hopLength, int sampleRate, float[] real, float[] imag,
        float[]? magnitude, float[]? power, bool pooled)
    {
        _magnitude = magnitude;
        _power = power;
        _pooled = pooled;
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
    /// <summary>Frames × Bins: the used length of every array (a pooled spectrogram's arrays can be longer).</summary>
    public int Cells => Frames * Bins;
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

    /// <summary>Returns a pooled spectrogram's arrays to the pool (idempotent; nothing to do for an unpooled one).</summary>
    public void Dispose()
    {
        if (!_pooled || _disposed) return;
        _disposed = true;
        LargeBufferPool.Return(Real);
        LargeBufferPool.Return(Imag);
        if (_power != null) LargeBufferPool.Return(_power);
        if (_magnitude != null) LargeBufferPool.Return(_magnitude);
        _power = _magnitude = null;
    }

    internal static float[] NewArray(int length, bool pooled) =>
        pooled ? LargeBufferPool.Rent(length) : GC.AllocateUninitializedArray<float>(length);

    private float[] ComputePower()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var p = NewArray(Cells, _pooled);
        var re = Real.AsSpan(0, Cells);
        var im = Imag.AsSpan(0, Cells);
        var dst = p.AsSpan(0, Cells);
        System.Numerics.Tensors.TensorPrimitives.Multiply(re, re, dst);
        System.Numerics.Tensors.TensorPrimitives.FusedMultiplyAdd(im, im, dst, dst);
        return p;
    }

    private float[] ComputeMagnitude()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var power = Power;
        var m = NewArray(Cells, _pooled);
        System.Numerics.Tensors.TensorPrimitives.Sqrt(power.AsSpan(0, Cells), m.AsSpan(0, Cells));
        return m;
    }
}
