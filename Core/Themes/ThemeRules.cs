using System.Globalization;
using TuneBot.Core.Storage;

namespace TuneBot.Core.Themes;

/// <summary>
/// Derives a <see cref="Theme"/> (valence and arousal both on −1 … +1, 0 = neutral/moderate; Russell's
/// circumplex) for every cluster from its centroid's <see cref="ThemeTraits"/>.
/// <list type="bullet">
/// <item>Arousal = 2·(0.35·energy + 0.30·tempo + 0.20·percussion + 0.15·brightness) − 1: loudness and tempo are the
/// strongest acoustic cues of arousal in music-emotion studies (Gabrielsson &amp; Lindström 2010; Eerola et al.
/// 2013), percussive attack and bright timbre add to it.</item>
/// <item>Valence = 0.5·mode + 0.25·(2·tempo − 1) + 0.25·(2·brightness − 1): major/minor mode is the classic valence
/// cue (Hevner 1935), fast tempo and bright timbre read as happier, slow and dark as sadder.</item>
/// <item>Name: a 3 × 3 grid of arousal × valence, cells split at ±<see cref="CellBorder"/>, e.g. high
/// arousal + positive valence = "Upbeat / 신나는 음악". Clusters landing in the same cell are told apart by
/// their most distinctive trait relative to each other, e.g. "Calm (slower)" and "Calm (brighter)";
/// a number is the last resort. A cell whose name the description would contradict (an "Energetic" theme that
/// is quiet) gives way to the middle row or column (see <c>Agree</c>).</item>
/// <item>Description: the measured traits in words, with the tempo in BPM and the estimated key. The RMS level is
/// called loudness there ("quiet", "loud"), not energy: a drum-led, bright "Energetic" theme can be quiet, and
/// "Energetic … low energy" read as a contradiction.</item>
/// </list>
/// All levels are relative to the fixed anchors in <see cref="ThemeTraits"/>, so a theme's name means the same in
/// any catalog.
/// </summary>
public static class ThemeRules
{
    private sealed record Cell(string En, string Ko, string Emoji);

    // [arousal row: low, mid, high][valence column: negative, neutral, positive]
    private static readonly Cell[,] Grid =
    {
        { new("Melancholy", "쓸쓸한 음악", "🌧️"), new("Mellow", "차분한 음악", "🌙"), new("Calm", "잔잔한 음악", "🌿") },
        { new("Moody", "울적한 음악", "🌫️"), new("Easygoing", "편안한 음악", "🎧"), new("Cheerful", "경쾌한 음악", "☀️") },
        { new("Intense", "격렬한 음악", "🔥"), new("Energetic", "에너지 넘치는 음악", "⚡"), new("Upbeat", "신나는 음악", "🎉") },
    };

    private enum Trait { Tempo, Energy, Percussion, Brightness, Mode }

    // Qualifier for a trait above / below the others in its cell. Comparative, because it is relative to the
    // cell's other themes while the description's bands are absolute: "Calm (faster)" next to "moderate tempo
    // (~126 BPM)" reads right, "Calm (fast tempo)" next to it did not.
    private static (string En, string Ko) Qualifier(Trait trait, bool high) => (trait, high) switch
    {
        (Trait.Tempo, true) => ("faster", "더 빠른 템포"),
        (Trait.Tempo, false) => ("slower", "더 느린 템포"),
        (Trait.Energy, true) => ("louder", "더 큰 음량"),
        (Trait.Energy, false) => ("quieter", "더 작은 음량"),
        (Trait.Percussion, true) => ("more drums", "타악기 더 많음"),
        (Trait.Percussion, false) => ("more melodic", "선율 더 강함"),
        (Trait.Brightness, true) => ("brighter", "더 밝은 음색"),
        (Trait.Brightness, false) => ("darker", "더 어두운 음색"),
        (Trait.Mode, true) => ("major key", "장조"),
        _ => ("minor key", "단조"),
    };

    /// <summary>
    /// Border between the low / middle / high cells of the name grid, on both axes: centroids sit nearer the middle
    /// than single tracks, and ±0.15 spreads them over the grid (measured spans: docs/themes.md, "The constants").
    /// </summary>
    public const double CellBorder = 0.15;

    /// <summary>Valence on −1 … +1 (rule in the class remarks).</summary>
    public static double Valence(ThemeTraits t) =>
        Math.Clamp(0.5 * t.ModeLevel + 0.25 * (2 * t.TempoLevel - 1) + 0.25 * (2 * t.BrightnessLevel - 1), -1, 1);

    /// <summary>Arousal on −1 … +1 (rule in the class remarks).</summary>
    public static double Arousal(ThemeTraits t) =>
        Math.Clamp(2 * (0.35 * t.EnergyLevel + 0.30 * t.TempoLevel + 0.20 * t.PercussionLevel + 0.15 * t.BrightnessLevel) - 1, -1, 1);

    /// <summary>
    /// Themes for clusters 0 … n−1 (index = cluster id), names distinct within the list (compared ignoring case).
    /// </summary>
    public static IReadOnlyList<Theme> Describe(IReadOnlyList<ThemeTraits> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        int n = clusters.Count;
        var cells = new (int Row, int Col)[n];
        var valence = new double[n];
        var arousal = new double[n];
        for (int i = 0; i < n; i++)
        {
            valence[i] = Valence(clusters[i]);
            arousal[i] = Arousal(clusters[i]);
            cells[i] = Agree(clusters[i], arousal[i] < -CellBorder ? 0 : arousal[i] > CellBorder ? 2 : 1, valence[i] < -CellBorder ? 0 : valence[i] > CellBorder ? 2 : 1);
        }

        var levels = clusters.Select(Levels).ToArray();
        // Spread of each trait over all clusters, so "most distinctive" compares like with like.
        var spread = new double[5];
        for (int j = 0; j < 5; j++)
        {
            double mean = levels.Average(l => l[j]);
            spread[j] = Math.Max(0.05, Math.Sqrt(levels.Average(l => (l[j] - mean) * (l[j] - mean))));
        }

        var qualifiers = new (string En, string Ko)?[n];
        var suffix = new int[n];
        foreach (var group in Enumerable.Range(0, n).GroupBy(i => cells[i]).Where(g => g.Count() > 1))
        {
            var members = group.ToArray();
            var groupMean = Enumerable.Range(0, 5).Select(j => members.Average(i => levels[i][j])).ToArray();
            var used = new HashSet<string>();
            // Most distinctive members choose first; each takes its strongest trait deviation not yet taken.
            var order = members.OrderByDescending(i => Enumerable.Range(0, 5).Max(j => Math.Abs(levels[i][j] - groupMean[j]) / spread[j])).ThenBy(i => i);
            int fallback = 0;
            foreach (var i in order)
            {
                var ranked = Enumerable.Range(0, 5)
                    .Select(j => (Trait: (Trait)j, Z: (levels[i][j] - groupMean[j]) / spread[j]))
                    .Where(x => Math.Abs(x.Z) > 1e-9)
                    .OrderByDescending(x => Math.Abs(x.Z)).ThenBy(x => x.Trait);
                foreach (var (trait, z) in ranked)
                {
                    var q = Qualifier(trait, z > 0);
                    if (used.Add(q.En)) { qualifiers[i] = q; break; }
                }
                if (qualifiers[i] is null && fallback++ > 0) suffix[i] = fallback;   // first keeps the plain name, then 2, 3, …
            }
        }

        var themes = new List<Theme>(n);
        for (int i = 0; i < n; i++)
        {
            var cell = Grid[cells[i].Row, cells[i].Col];
            string en = cell.En, ko = cell.Ko;
            if (qualifiers[i] is { } q) { en = $"{en} ({q.En})"; ko = $"{ko} ({q.Ko})"; }
            if (suffix[i] > 0) { en = $"{en} {suffix[i]}"; ko = $"{ko} {suffix[i]}"; }
            var (descEn, descKo) = Describe(clusters[i]);
            themes.Add(new Theme(i, en, ko, descEn, descKo, cell.Emoji, Math.Round(valence[i], 3), Math.Round(arousal[i], 3)));
        }
        return EnsureDistinct(themes);
    }

    /// <summary>
    /// Makes names distinct (English and Korean separately, ignoring case) by numbering later duplicates; operator
    /// names (<see cref="Theme.RenamedByOperator"/>) are never changed, automatic ones yield to them.
    /// </summary>
    public static IReadOnlyList<Theme> EnsureDistinct(IReadOnlyList<Theme> themes) => EnsureDistinct(themes, null);

    /// <summary>
    /// As <see cref="EnsureDistinct(IReadOnlyList{Theme})"/>, with the themes of <paramref name="preferred"/> cluster ids
    /// claiming their names before the other automatic ones (names carried over from the previous run keep them).
    /// </summary>
    public static IReadOnlyList<Theme> EnsureDistinct(IReadOnlyList<Theme> themes, IReadOnlySet<int>? preferred)
    {
        var result = themes.ToArray();
        var usedEn = new HashSet<string>(result.Where(t => t.RenamedByOperator).Select(t => t.NameEn), StringComparer.OrdinalIgnoreCase);
        var usedKo = new HashSet<string>(result.Where(t => t.RenamedByOperator).Select(t => t.NameKo), StringComparer.OrdinalIgnoreCase);
        var order = Enumerable.Range(0, result.Length).OrderBy(i => preferred?.Contains(result[i].ClusterId) == true ? 0 : 1).ThenBy(i => i);
        foreach (int i in order)
        {
            if (result[i].RenamedByOperator) continue;
            string en = result[i].NameEn, ko = result[i].NameKo;
            for (int n = 2; usedEn.Contains(en) || usedKo.Contains(ko); n++)
            {
                en = $"{result[i].NameEn} {n}";
                ko = $"{result[i].NameKo} {n}";
            }
            usedEn.Add(en);
            usedKo.Add(ko);
            result[i] = result[i] with { NameEn = en, NameKo = ko };
        }
        return result;
    }

    /// <summary>
    /// The name's cell, moved toward the middle where the description would contradict it: arousal and valence
    /// weigh several traits, so a fast, drum-led, bright but quiet theme scored "⚡ Energetic" above "quiet" (issue
    /// 12). A high-arousal name needs a tempo and a loudness that are not "slow" / "quiet", a low-arousal one not
    /// "fast" / "loud"; a negative-valence name must not lean major, a positive one not minor.
    /// </summary>
    /// <summary>
    /// Margin by which a theme's valence or arousal may cross a cell border and the theme still keep the name it had
    /// in the previous run (<see cref="KeepsCell"/>): a centroid on a border otherwise flips its name with every few
    /// tracks added (docs/themes.md).
    /// </summary>
    public const double KeepCellMargin = 0.05;

    /// <summary>
    /// Whether a cluster with <paramref name="traits"/> may keep the previous name <paramref name="previousNameEn"/>:
    /// its valence and arousal lie within <see cref="KeepCellMargin"/> of that name's cell, and the description's
    /// tempo, loudness and mode do not contradict it. Returns the cell's emoji then; null when it may not (or the
    /// name is no automatic one).
    /// </summary>
    public static string? KeepsCell(string previousNameEn, ThemeTraits traits)
    {
        ArgumentNullException.ThrowIfNull(previousNameEn);
        int cut = previousNameEn.IndexOfAny(['(', ' ']);
        string baseName = cut < 0 ? previousNameEn : previousNameEn[..cut];
        for (int row = 0; row < 3; row++)
            for (int col = 0; col < 3; col++)
            {
                if (!string.Equals(Grid[row, col].En, baseName, StringComparison.OrdinalIgnoreCase)) continue;
                static bool Inside(double v, int band) => band switch
                {
                    0 => v < -CellBorder + KeepCellMargin,
                    2 => v > CellBorder - KeepCellMargin,
                    _ => v >= -CellBorder - KeepCellMargin && v <= CellBorder + KeepCellMargin,
                };
                bool fits = Inside(Arousal(traits), row) && Inside(Valence(traits), col) && Agree(traits, row, col) == (row, col);
                return fits ? Grid[row, col].Emoji : null;
            }
        return null;
    }

    private static (int Row, int Col) Agree(ThemeTraits t, int row, int col)
    {
        int tempo = Band(t.TempoLevel), loudness = Band(t.EnergyLevel), mode = ModeBand(t);
        if (row == 2 && (tempo == 0 || loudness == 0)) row = 1;
        if (row == 0 && (tempo == 2 || loudness == 2)) row = 1;
        if (col == 0 && mode == 2) col = 1;
        if (col == 2 && mode == 0) col = 1;
        return (row, col);
    }

    // The description's bands: thirds of a 0…1 level; the mode leans major / minor beyond ±0.25.
    private static int Band(double level) => level < 1.0 / 3 ? 0 : level > 2.0 / 3 ? 2 : 1;
    private static int ModeBand(ThemeTraits t) => t.ModeLevel > 0.25 ? 2 : t.ModeLevel < -0.25 ? 0 : 1;

    private static double[] Levels(ThemeTraits t) =>
        [t.TempoLevel, t.EnergyLevel, t.PercussionLevel, t.BrightnessLevel, (t.ModeLevel + 1) / 2];

    private static (string En, string Ko) Describe(ThemeTraits t)
    {
        var bpm = t.TempoBpm.ToString("F0", CultureInfo.InvariantCulture);
        int tempo = Band(t.TempoLevel), loudness = Band(t.EnergyLevel), perc = Band(t.PercussionLevel), bright = Band(t.BrightnessLevel);
        int mode = ModeBand(t);
        string[] tempoEn = ["Slow", "Moderate", "Fast"], tempoKo = ["느림", "보통", "빠름"];
        string[] loudnessEn = ["quiet", "medium loudness", "loud"], loudnessKo = ["음량 작음", "음량 보통", "음량 큼"];
        string[] percEn = ["melody-led", "rhythm and melody balanced", "drum-led"], percKo = ["선율 중심", "리듬과 선율의 균형", "타악기 중심"];
        string[] brightEn = ["dark", "warm", "bright"], brightKo = ["어두운", "따뜻한", "밝은"];
        string[] modeEn = [$"leaning minor ({t.Key.Name(major: false)})", "neither clearly major nor minor", $"leaning major ({t.Key.Name(major: true)})"];
        string[] modeKo = ["단조 느낌", "장·단조가 뚜렷하지 않음", "장조 느낌"];
        var en = $"{tempoEn[tempo]} tempo (~{bpm} BPM), {loudnessEn[loudness]}, {percEn[perc]}, {brightEn[bright]} tone, {modeEn[mode]}.";
        var ko = $"템포 {tempoKo[tempo]}(약 {bpm} BPM), {loudnessKo[loudness]}, {percKo[perc]}, {brightKo[bright]} 음색, {modeKo[mode]}.";
        return (en, ko);
    }
}
