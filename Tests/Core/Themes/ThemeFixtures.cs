using TuneBot.Core.Themes;

namespace TuneBot.Tests.Core.Themes;

internal static class ThemeFixtures
{
    public static double[] MajorChroma(int tonic) => Rotate(KeyProfiles.Major, tonic);
    public static double[] MinorChroma(int tonic) => Rotate(KeyProfiles.Minor, tonic);
    public static double[] FlatChroma => Enumerable.Repeat(0.5, 12).ToArray();

    public static double[] Rotate(ReadOnlySpan<double> profile, int tonic)
    {
        var result = new double[12];
        for (int i = 0; i < 12; i++) result[(i + tonic) % 12] = profile[i];
        return result;
    }

    /// <summary>Loud, fast, drum-led, bright, major.</summary>
    public static ThemeTraits Party => new(150, 0.25, 0.10, 0.12, 3600, 7500, MajorChroma(7));

    /// <summary>Quiet, slow, sustained, dark, minor.</summary>
    public static ThemeTraits Lament => new(66, 0.02, 0.05, 0.01, 900, 1800, MinorChroma(9));

    /// <summary>
    /// A spread of centroids, one per cell of the arousal × valence grid (levels chosen from the anchors in
    /// ThemeTraits): arousal from energy/tempo/percussion, valence from mode/tempo/brightness.
    /// </summary>
    public static List<ThemeTraits> Spread() =>
    [
        Lament,
        new(90, 0.03, 0.05, 0.01, 1800, 3800, FlatChroma),              // low arousal, neutral
        new(100, 0.03, 0.05, 0.015, 2800, 5500, MajorChroma(0)),         // low arousal, positive
        new(100, 0.08, 0.06, 0.03, 1200, 2500, MinorChroma(4)),          // mid arousal, negative
        new(110, 0.08, 0.06, 0.04, 2200, 4500, FlatChroma),              // mid, neutral
        new(120, 0.08, 0.06, 0.04, 3000, 6000, MajorChroma(2)),          // mid, positive
        new(140, 0.3, 0.08, 0.09, 1500, 3000, MinorChroma(11)),          // high arousal, negative
        new(130, 0.3, 0.08, 0.09, 2200, 4500, FlatChroma),               // high, neutral
        Party,
    ];
}
