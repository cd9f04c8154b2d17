using TuneBot.Core.Themes;
using Xunit;

namespace TuneBot.Tests.Core.Themes;

/// <summary>
/// Issue 12: every theme's description agrees with its name. Before the fix a fast, drum-led, bright but quiet
/// centroid was "⚡ Energetic — Fast tempo …, quiet, drum-led …", and a bright fast minor one "Cheerful — … leaning minor".
/// </summary>
public sealed class ThemeAgreementTests
{
    private static readonly string[] HighArousal = ["Intense", "Energetic", "Upbeat"];
    private static readonly string[] LowArousal = ["Melancholy", "Mellow", "Calm"];
    private static readonly string[] Negative = ["Melancholy", "Moody", "Intense"];
    private static readonly string[] Positive = ["Calm", "Cheerful", "Upbeat"];

    public static IEnumerable<ThemeTraits> Grid()
    {
        foreach (var tempo in new[] { 70.0, 100, 120, 140, 170 })
            foreach (var rms in new[] { 0.02, 0.05, 0.1, 0.25 })
                foreach (var (h, p) in new[] { (0.08, 0.005), (0.06, 0.03), (0.04, 0.06) })
                    foreach (var (centroid, rolloff) in new[] { (900.0, 1800.0), (1800, 3800), (3000, 6500) })
                        foreach (var chroma in new[] { ThemeFixtures.MajorChroma(0), ThemeFixtures.MinorChroma(9), ThemeFixtures.FlatChroma })
                            yield return new ThemeTraits(tempo, rms, h, p, centroid, rolloff, chroma);
    }

    [Fact]
    public void No_name_is_contradicted_by_its_description()
    {
        var problems = new List<string>();
        foreach (var traits in Grid())
        {
            var theme = ThemeRules.Describe([traits])[0];
            var name = theme.NameEn.Split(' ')[0];
            var d = theme.DescriptionEn;
            bool quiet = d.Contains(", quiet,", StringComparison.Ordinal), loud = d.Contains(", loud,", StringComparison.Ordinal);
            bool slow = d.StartsWith("Slow tempo", StringComparison.Ordinal), fast = d.StartsWith("Fast tempo", StringComparison.Ordinal);
            bool major = d.Contains("leaning major", StringComparison.Ordinal), minor = d.Contains("leaning minor", StringComparison.Ordinal);
            if (HighArousal.Contains(name) && (quiet || slow) || LowArousal.Contains(name) && (loud || fast)
                || Negative.Contains(name) && major || Positive.Contains(name) && minor)
                problems.Add($"{theme.Emoji} {theme.NameEn} — {d}");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(10)) + $"\n({problems.Count} in all)");
    }

    [Fact]
    public void A_fast_drum_led_bright_but_quiet_theme_is_not_called_energetic()
    {
        var theme = ThemeRules.Describe([new ThemeTraits(150, 0.03, 0.01, 0.02, 2800, 6000, ThemeFixtures.FlatChroma)])[0];
        Assert.Contains("quiet", theme.DescriptionEn);
        Assert.DoesNotContain(HighArousal, n => theme.NameEn.StartsWith(n, StringComparison.Ordinal));
    }

    [Fact]
    public void Names_stay_distinct_over_the_whole_grid_at_once()
    {
        var themes = ThemeRules.Describe(Grid().Take(60).ToList());
        Assert.Equal(themes.Count, themes.Select(t => t.NameEn.ToLowerInvariant()).Distinct().Count());
        Assert.Equal(themes.Count, themes.Select(t => t.NameKo).Distinct().Count());
    }
}
