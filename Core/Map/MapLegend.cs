using SkiaSharp;

namespace TuneBot.Core.Map;

/// <summary>
/// The legend under the map, drawn with Skia rather than ScottPlot's legend panel (which clipped its last rows
/// once the entries wrapped): as many columns as the longest entry allows (at most three), filled top to bottom,
/// entries too long for their column shortened with "…".
/// </summary>
internal sealed class MapLegend : IDisposable
{
    private readonly List<(int Cluster, string Text)> entries;
    private readonly SKFont font;
    private readonly float scale, rowHeight, symbol, width;
    private readonly int columns, rows;

    private const float Margin = 22, SymbolGap = 8;

    public MapLegend(IReadOnlyList<(int Cluster, string Text)> entries, SKTypeface typeface, float width, float scale)
    {
        this.scale = scale;
        this.width = width;
        int count = entries.Count;
        float size = count <= 6 ? 13 : count <= 12 ? 12 : 11;
        font = new SKFont(typeface, size * scale);
        rowHeight = size * 1.55f * scale;
        symbol = size * 0.85f * scale;
        float usable = width - 2 * Margin * scale;
        float longest = entries.Count == 0 ? 0 : entries.Max(e => font.MeasureText(e.Text));
        columns = 1;
        for (int c = Math.Min(3, Math.Max(1, count)); c >= 1; c--)
            if (longest + symbol + SymbolGap * scale <= usable / c - 10 * scale) { columns = c; break; }
        if (columns == 1 && count > 4) columns = 2;   // ten rows of one column would squeeze the map
        rows = (count + columns - 1) / Math.Max(1, columns);
        float textWidth = usable / columns - symbol - SymbolGap * scale - 10 * scale;
        this.entries = entries.Select(e => (e.Cluster, Fit(e.Text, textWidth))).ToList();
    }

    /// <summary>Pixels the legend needs under the map.</summary>
    public float Height => rows * rowHeight + 14 * scale;

    public void Draw(SKCanvas canvas, float top)
    {
        using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        float columnWidth = (width - 2 * Margin * scale) / columns;
        font.GetFontMetrics(out var metrics);
        for (int i = 0; i < entries.Count; i++)
        {
            int col = i / rows, row = i % rows;
            float x = Margin * scale + col * columnWidth, centre = top + 4 * scale + (row + 0.5f) * rowHeight;
            var (colour, shape) = MapMarkers.StyleOf(entries[i].Cluster);
            MapMarkers.Draw(canvas, shape, x + symbol / 2, centre, symbol, SKColor.Parse(colour), 0);
            // Text centred on the row: the baseline sits half the glyphs' height below the centre.
            float baseline = centre - (metrics.Ascent + metrics.Descent) / 2;
            canvas.DrawText(entries[i].Text, x + symbol + SymbolGap * scale, baseline, SKTextAlign.Left, font, ink);
        }
    }

    public void Dispose() => font.Dispose();

    /// <summary>Shortens the name, not the song count after the last " · ".</summary>
    private string Fit(string text, float maxWidth)
    {
        if (font.MeasureText(text) <= maxWidth) return text;
        int cut = text.LastIndexOf(" · ", StringComparison.Ordinal);
        string suffix = cut > 0 ? text[cut..] : "";
        var runes = (cut > 0 ? text[..cut] : text).EnumerateRunes().Select(r => r.ToString()).ToList();
        while (runes.Count > 1 && font.MeasureText(string.Concat(runes) + "…" + suffix) > maxWidth) runes.RemoveAt(runes.Count - 1);
        return string.Concat(runes).TrimEnd() + "…" + suffix;
    }
}
