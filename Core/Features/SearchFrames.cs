using TuneBot.Core.Features;

namespace TuneBot.Core.Features;

/// <summary>
/// The frames the similarity search compares: what survives a song played in a room and recorded by a phone.
/// <para>
/// Per analysis frame (the shared STFT: 22050 Hz, n_fft 2048, hop 512): MFCC 1–19 of a 40-band Slaney mel
/// spectrogram limited to 300–3400 Hz (the band a phone microphone and a voice codec pass; MFCC 0 is loudness,
/// which AGC and distance change), then 12 chroma bins of the tonal peaks over the same band: the power above the
/// median of the 31 surrounding frequency bins (<see cref="TonalPeakWidth"/>), through a chroma filterbank with
/// tuning fixed at 0 (a per-clip tuning estimate on an 8 s noisy clip drifts, and a shifted filterbank would move
/// energy between bins on one side only). 31 rows. Pooling (4 frames → ≈ 93 ms), normalisation and the chroma
/// weight are applied by <see cref="Prepare"/> at search time, so the stored sequence
/// (<see cref="Catalog.SequenceEncoding"/> version 3) stays a plain feature matrix and the normalisation can change
/// without re-ingesting.
/// </para>
/// <para>
/// Why these frames (band-limited MFCC + tonal-peak chroma ×2) and what each alternative scored: docs/retrieval.md.
/// Storage: 39.1 KB per track-minute (646 frames × 31 × 2 bytes).
/// </para>
/// </summary>
public static class SearchFrames
{
    /// <summary>Rows of <see cref="Compute"/>: 19 MFCC + 12 chroma.</summary>
    public const int Dims = MfccRows + ChromaRows;
    public const int MfccRows = 19;
    public const int ChromaRows = 12;
    /// <summary>Analysis frames averaged into one search frame (4 × 512 / 22050 ≈ 92.9 ms).</summary>
    public const int PoolFrames = 4;
    /// <summary>Mel bands and band edges of the phone-band MFCC; the chroma uses the same band.</summary>
    public const int Mels = 40;
    public const double FMinHz = 300, FMaxHz = 3400;
    /// <summary>Frequency bins of the median a tonal peak must rise above (31 bins ≈ 334 Hz, HPSS's kernel length).</summary>
    public const int TonalPeakWidth = Hpss.KernelSize;

    private static readonly Lazy<MelFilterbank> DefaultBank = new(() => new MelFilterbank(22050, Stft.DefaultNFft, Mels, FMinHz, FMaxHz));
    private static readonly Lazy<ChromaFilterbank> DefaultChroma = new(() => ChromaBank(22050, Stft.DefaultNFft));

    private static ChromaFilterbank ChromaBank(int sampleRate, int nFft) =>
        new(sampleRate, nFft, tuning: 0, minHz: FMinHz, maxHz: FMaxHz);

    /// <summary>
    /// The 31 × T search features of a clip from its STFT (no pooling, no normalisation): rows 0–18 MFCC 1–19 of
    /// the 40-mel 300–3400 Hz bank, rows 19–30 chroma of the 300–3400 Hz tonal peaks (tuning 0, each frame
    /// scaled to max 1; a frame with no peak is all zeros).
    /// </summary>
    public static FeatureMatrix Compute(Spectrogram spectrogram)
    {
        ArgumentNullException.ThrowIfNull(spectrogram);
        bool standard = spectrogram.SampleRate == 22050 && spectrogram.NFft == Stft.DefaultNFft;
        var bank = standard ? DefaultBank.Value : new MelFilterbank(spectrogram.SampleRate, spectrogram.NFft, Mels, FMinHz, FMaxHz);
        var chromaBank = standard ? DefaultChroma.Value : ChromaBank(spectrogram.SampleRate, spectrogram.NFft);
        var mfcc = Mfcc.Compute(spectrogram, bank, MfccRows + 1);
        var peaks = TonalPeakPower(spectrogram);
        FeatureMatrix chroma;
        try
        {
            chroma = Chroma.Compute(new Spectrogram(spectrogram.Frames, spectrogram.Bins, spectrogram.NFft, spectrogram.HopLength,
                spectrogram.SampleRate, spectrogram.Real, spectrogram.Imag, magnitude: null, power: peaks), chromaBank);
        }
        finally
        {
            LargeBufferPool.Return(peaks);
        }
        int frames = spectrogram.Frames;
        var result = new FeatureMatrix(Dims, frames);
        for (int r = 0; r < MfccRows; r++) mfcc.Row(r + 1).CopyTo(result.Row(r));
        for (int r = 0; r < ChromaRows; r++) chroma.Row(r).CopyTo(result.Row(MfccRows + r));
        return result;
    }

    // Power minus the median power of the TonalPeakWidth bins around each bin in the same frame, floored at 0, in an
    // array on loan from the shared pool (the caller returns it): frames × bins, 32 MB for 180 s, once per track.
    private static float[] TonalPeakPower(Spectrogram spectrogram)
    {
        int cells = spectrogram.Cells;
        var power = spectrogram.Power.AsSpan(0, cells);
        var peaks = LargeBufferPool.Rent(cells);
        var p = peaks.AsSpan(0, cells);
        MedianFilter.AlongRows(power, spectrogram.Frames, spectrogram.Bins, TonalPeakWidth, p);
        System.Numerics.Tensors.TensorPrimitives.Subtract(power, p, p);
        System.Numerics.Tensors.TensorPrimitives.Max(p, 0f, p);
        return peaks;
    }

    /// <summary>Seconds per pooled search frame at <paramref name="sampleRate"/> Hz, hop 512.</summary>
    public static double FrameSeconds(int sampleRate = 22050) => PoolFrames * (double)Stft.DefaultHopLength / sampleRate;
}
