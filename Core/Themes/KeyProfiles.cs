using TuneBot.Core.Map;

namespace TuneBot.Core.Themes;

/// <summary>Outcome of <see cref="KeyProfiles.Estimate"/>.</summary>
/// <param name="Tonic">Pitch class of the best-matching key, 0 = C … 11 = B (librosa's chroma order).</param>
/// <param name="IsMajor">Whether the best major key correlates better than the best minor key.</param>
/// <param name="MajorCorrelation">Best Pearson correlation over the 12 rotations of the major profile.</param>
/// <param name="MinorCorrelation">Best Pearson correlation over the 12 rotations of the minor profile.</param>
/// <param name="MajorTonic">Tonic of the best major key.</param>
/// <param name="MinorTonic">Tonic of the best minor key.</param>
public readonly record struct KeyEstimate(int Tonic, bool IsMajor, double MajorCorrelation, double MinorCorrelation, int MajorTonic, int MinorTonic)
{
    /// <summary>Major minus minor correlation: &gt; 0 leans major, &lt; 0 minor; 0 for a flat chroma.</summary>
    public double ModeScore => MajorCorrelation - MinorCorrelation;

    private static readonly string[] PitchNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"];

    /// <summary>E.g. "A minor".</summary>
    public override string ToString() => Name(IsMajor);

    /// <summary>The best key of the given mode, e.g. "A minor" (for a mode decided with an offset, see ThemeTraits).</summary>
    public string Name(bool major) => major ? $"{PitchNames[MajorTonic]} major" : $"{PitchNames[MinorTonic]} minor";
}

/// <summary>
/// Krumhansl–Kessler key profiles (Krumhansl &amp; Kessler 1982, probe-tone ratings, as tabulated in Krumhansl's
/// "Cognitive Foundations of Musical Pitch", 1990), correlated with a mean chroma vector over 12 rotations —
/// the Krumhansl–Schmuckler key-finding algorithm.
/// </summary>
public static class KeyProfiles
{
    /// <summary>Major-key profile, tonic first.</summary>
    public static ReadOnlySpan<double> Major => [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];

    /// <summary>Minor-key profile, tonic first.</summary>
    public static ReadOnlySpan<double> Minor => [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

    /// <summary>
    /// Best key of a 12-bin chroma (C first). A flat or non-finite chroma has no key: both correlations are 0 and
    /// the estimate reads "C major" with mode score 0.
    /// </summary>
    public static KeyEstimate Estimate(ReadOnlySpan<double> chroma)
    {
        if (chroma.Length != 12) throw new ArgumentException("Chroma must have 12 bins.", nameof(chroma));
        double bestMajor = double.NegativeInfinity, bestMinor = double.NegativeInfinity;
        int majorTonic = 0, minorTonic = 0;
        Span<double> rotated = stackalloc double[12];
        for (int tonic = 0; tonic < 12; tonic++)
        {
            for (int i = 0; i < 12; i++) rotated[i] = Major[(i - tonic + 12) % 12];
            double r = Correlation(chroma, rotated);
            if (r > bestMajor) { bestMajor = r; majorTonic = tonic; }
            for (int i = 0; i < 12; i++) rotated[i] = Minor[(i - tonic + 12) % 12];
            r = Correlation(chroma, rotated);
            if (r > bestMinor) { bestMinor = r; minorTonic = tonic; }
        }
        bool major = bestMajor >= bestMinor;
        return new KeyEstimate(major ? majorTonic : minorTonic, major, bestMajor, bestMinor, majorTonic, minorTonic);
    }

    /// <summary>Pearson correlation; 0 when either side has no variance or is not finite.</summary>
    private static double Correlation(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.Length; i++) { ma += a[i]; mb += b[i]; }
        ma /= a.Length; mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db; saa += da * da; sbb += db * db;
        }
        double r = sab / Math.Sqrt(saa * sbb);
        return double.IsFinite(r) ? r : 0;
    }
}
