using System.Text;
using ScottPlot;
using SkiaSharp;

namespace TuneBot.Core.Map;

/// <summary>
/// Outcome of rendering: success with the font family that drew the texts and the characters it has no glyph for
/// (empty when every character was drawn), or a one-line reason.
/// </summary>
public sealed record MapRenderResult(bool Success, string? Reason, string? Font = null, string MissingGlyphs = "")
{
    public static MapRenderResult Fail(string reason) => new(false, reason);
}

/// <summary>
/// Draws a <see cref="MapPicture"/> as PNG in-process: ScottPlot (over SkiaSharp) draws the title, the frame, the
/// points and the caption; <see cref="MapLabels"/> and <see cref="MapLegend"/> add the texts that need placing in
/// pixels. Sized for a phone: square, big markers, the legend under the picture; no axis ticks or numbers (the
/// map's axes have no meaning a listener could use). Each theme has its own colour AND marker shape
/// (<see cref="MapMarkers"/>). All text uses one font named explicitly, NanumGothic (Debian fonts-nanum, installed
/// by setup), which has Hangul and Latin; Skia's default font draws Hangul as boxes. Emoji stay out of the texts:
/// no installed font has colour emoji.
/// </summary>
public sealed class CatalogMapRenderer(string fontFamily = CatalogMapRenderer.DefaultFont)
{
    public const string DefaultFont = "NanumGothic";

    /// <summary>Layout is designed for 540 × 540 logical pixels and scaled to the requested size.</summary>
    private const float DesignSize = 540;

    /// <summary>Renders <paramref name="picture"/> to <paramref name="outputPath"/> (PNG, overwritten).</summary>
    public async Task<MapRenderResult> RenderAsync(MapPicture picture, string outputPath, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(picture);
        if (picture.Points.Count == 0) return MapRenderResult.Fail("Nothing to draw: the map has no points.");
        string output;
        try
        {
            output = Path.GetFullPath(outputPath);
            var dir = Path.GetDirectoryName(output);
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return MapRenderResult.Fail($"Cannot write {outputPath}: {e.Message}");
        }
        try
        {
            var (png, font, missing) = await Task.Run(() => Render(picture), ct).ConfigureAwait(false);
            await File.WriteAllBytesAsync(output, png, ct).ConfigureAwait(false);
            return new MapRenderResult(true, null, font, missing);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return MapRenderResult.Fail($"Cannot write the map: {e.Message}");
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            return MapRenderResult.Fail($"SkiaSharp's native library cannot be loaded: {e.Message}");
        }
    }

    private (byte[] Png, string Font, string Missing) Render(MapPicture picture)
    {
        int size = Math.Clamp(picture.SizePixels, 300, 4000);
        float scale = size / DesignSize;
        var clusters = picture.Points.Select(p => p.Cluster).Distinct().Order().ToList();
        var entries = clusters.Select(c => (c, picture.Legend.TryGetValue(c, out var l) ? l.ReplaceLineEndings(" ") : $"Cluster {c}")).ToList();
        var names = picture.Names.Where(n => clusters.Contains(n.Key)).ToDictionary(n => n.Key, n => n.Value.ReplaceLineEndings(" "));
        var texts = new[] { picture.Title, picture.Caption, picture.Highlight?.Label ?? "" }.Concat(entries.Select(e => e.Item2)).Concat(names.Values);
        var (font, missing) = ChooseFont(texts);
        using var matched = SKFontManager.Default.MatchFamily(font);
        var typeface = matched ?? SKTypeface.Default;   // the shared default is not ours to dispose
        using var legend = new MapLegend(entries, typeface, size, scale);
        int plotHeight = (int)Math.Round(size - legend.Height);

        using var plot = new Plot { ScaleFactor = scale };
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Color.FromHex("#FAFAFA");
        plot.Axes.FrameColor(Color.FromHex("#D5D5D5"));
        // No ticks, numbers or grid: the map's axes have no unit a listener could read.
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
            axis.MajorTickStyle.Length = 0;
            axis.MinorTickStyle.Length = 0;
        }
        plot.Title(picture.Title, 19);
        plot.XLabel(picture.Caption, 13);
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Bottom.Label.ForeColor = Color.FromHex("#444444");
        plot.Font.Set(font);

        float markerSize = picture.Points.Count switch { <= 150 => 11, <= 400 => 8, <= 1200 => 6, _ => 4 };
        foreach (var c in clusters)
        {
            var members = picture.Points.Where(p => p.Cluster == c).ToArray();
            var (colour, shape) = MapMarkers.StyleOf(c);
            var markers = plot.Add.Markers(members.Select(p => p.X).ToArray(), members.Select(p => p.Y).ToArray(), ToScottPlot(shape),
                markerSize, Color.FromHex(colour));
            // A thin white edge keeps overlapping markers apart.
            markers.MarkerStyle.OutlineColor = Colors.White;
            markers.MarkerStyle.OutlineWidth = markerSize >= 8 ? 1 : 0.5f;
        }
        var (left, right, bottom, top) = Limits(picture);
        plot.Axes.SetLimits(left, right, bottom, top);

        using var surface = SKSurface.Create(new SKImageInfo(size, size)) ?? throw new InvalidOperationException("Skia could not allocate the picture.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        // ScottPlot leaves its scale factor on the canvas; our texts are placed in device pixels, as GetPixel returns.
        int saved = canvas.Save();
        plot.Render(canvas, new PixelRect(0, size, plotHeight, 0));
        canvas.RestoreToCount(saved);
        SKPoint Pixel(double x, double y) { var p = plot.GetPixel(new Coordinates(x, y)); return new SKPoint(p.X, p.Y); }
        var data = SKRect.Create(Pixel(left, top), new SKSize(Pixel(right, bottom).X - Pixel(left, top).X, Pixel(right, bottom).Y - Pixel(left, top).Y));
        var pixels = picture.Points.Select(p => (Pixel(p.X, p.Y), p.Cluster)).ToList();
        (SKPoint, string)? highlight = picture.Highlight is { } h ? (Pixel(h.X, h.Y), h.Label) : null;
        MapLabels.Draw(canvas, typeface, scale, data, pixels, names, highlight, markerSize);
        legend.Draw(canvas, plotHeight);

        using var image = surface.Snapshot();
        using var encoded = image.Encode(SKEncodedImageFormat.Png, 100);
        return (encoded.ToArray(), font, missing);
    }

    private static MarkerShape ToScottPlot(MapMarkers.Shape shape) => shape switch
    {
        MapMarkers.Shape.Circle => MarkerShape.FilledCircle,
        MapMarkers.Shape.Square => MarkerShape.FilledSquare,
        MapMarkers.Shape.TriangleUp => MarkerShape.FilledTriangleUp,
        MapMarkers.Shape.Diamond => MarkerShape.FilledDiamond,
        _ => MarkerShape.FilledTriangleDown,
    };

    /// <summary>The points' extent with a margin, so big markers and the labels stay inside the frame.</summary>
    private static (double Left, double Right, double Bottom, double Top) Limits(MapPicture picture)
    {
        double minX = picture.Points.Min(p => p.X), maxX = picture.Points.Max(p => p.X);
        double minY = picture.Points.Min(p => p.Y), maxY = picture.Points.Max(p => p.Y);
        double dx = Math.Max(1e-9, maxX - minX), dy = Math.Max(1e-9, maxY - minY);
        return (minX - 0.07 * dx, maxX + 0.07 * dx, minY - 0.10 * dy, maxY + 0.10 * dy);
    }

    /// <summary>
    /// The requested family when it is installed and draws every character; else the first installed family (in
    /// name order, so the choice is stable) that does, so the map still reads. Reports what the choice cannot draw.
    /// </summary>
    private (string Font, string Missing) ChooseFont(IEnumerable<string> texts)
    {
        var all = string.Concat(texts);
        var manager = SKFontManager.Default;
        string? bestFamily = null, bestMissing = null;
        foreach (var family in manager.FontFamilies.Order(StringComparer.Ordinal).Prepend(fontFamily))
        {
            using var typeface = manager.MatchFamily(family);
            if (typeface is null) continue;
            var missing = Missing(typeface, all);
            if (missing.Length == 0) return (typeface.FamilyName, "");
            if (bestMissing is null || missing.Length < bestMissing.Length) (bestFamily, bestMissing) = (typeface.FamilyName, missing);
        }
        return (bestFamily ?? fontFamily, bestMissing ?? Missing(null, all));
    }

    /// <summary>Distinct characters of <paramref name="text"/> (not spaces) that <paramref name="typeface"/> has no glyph for.</summary>
    private static string Missing(SKTypeface? typeface, string text)
    {
        var runes = text.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r) && !Rune.IsControl(r)).Distinct().ToList();
        if (typeface is null) return string.Concat(runes);
        using var font = new SKFont(typeface);
        return string.Concat(runes.Where(r => font.GetGlyph(r.Value) == 0));
    }
}
