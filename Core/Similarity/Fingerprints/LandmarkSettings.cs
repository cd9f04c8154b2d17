namespace TuneBot.Core.Similarity.Fingerprints;

/// <summary>
/// How landmarks are drawn (Wang 2003: spectral peaks, paired into hashes). The analysis keeps the catalog's 22050 Hz
/// PCM and uses a 1024-point STFT with hop 512: the same 21.5 Hz bins and 23 ms frames as an 11025 Hz analysis
/// with n_fft 512, without a resampler. Peaks are taken only between <see cref="MinHz"/> and <see cref="MaxHz"/>,
/// the band a phone recording keeps (what `eval snippets --degrade all` leaves: 200–3800 Hz).
/// </summary>
public sealed record LandmarkSettings
{
    public static LandmarkSettings Default { get; } = new();

    /// <summary>Bumped when anything below changes: stored landmarks of another version are recomputed.</summary>
    public const int Version = 1;

    public const int SampleRate = 22050;
    public int NFft { get; init; } = 1024;
    public int HopLength { get; init; } = 512;
    public double MinHz { get; init; } = 200;
    public double MaxHz { get; init; } = 3800;

    /// <summary>A peak is the largest value within ± this many frames …</summary>
    public int PeakTimeRadius { get; init; } = 3;
    /// <summary>… and ± this many bins.</summary>
    public int PeakFrequencyRadius { get; init; } = 4;
    /// <summary>Bins either side of the local spectral mean a peak's prominence is measured against (whitening
    /// within the frame, so a coloured noise floor does not win the density limit).</summary>
    public int WhiteningRadius { get; init; } = 12;
    /// <summary>Peaks kept: a peak survives when fewer than this many more prominent ones lie within
    /// ± <see cref="DensityWindowFrames"/> of it (a sliding limit: the same peaks survive in a clip as in the track).</summary>
    public int PeaksPerWindow { get; init; } = 30;
    public int DensityWindowFrames { get; init; } = 21;
    /// <summary>Ignore bins more than this far below the loudest bin of the signal (dB): silence makes no peaks.</summary>
    public double FloorDb { get; init; } = 70;

    /// <summary>Targets paired with each anchor peak, nearest in time first.</summary>
    public int FanOut { get; init; } = 6;
    /// <summary>Target zone: 1 … this many frames after the anchor (6 bits in the hash).</summary>
    public int MaxDeltaFrames { get; init; } = 63;
    /// <summary>Target zone: within ± this many bins of the anchor (7 bits in the hash).</summary>
    public int MaxDeltaBins { get; init; } = 63;

    /// <summary>Sub-hop offsets a query clip is analysed at (<see cref="LandmarkFingerprint.ComputeQuery"/>); not stored.</summary>
    public int QueryShifts { get; init; } = 4;

    /// <summary>Seconds per analysis frame.</summary>
    public double FrameSeconds => HopLength / (double)SampleRate;

    public int MinBin => (int)Math.Ceiling(MinHz * NFft / SampleRate);
    public int MaxBin => Math.Min(NFft / 2, (int)Math.Floor(MaxHz * NFft / SampleRate));
}
