using SkiaSharp;

namespace TuneBot.Core.Map;

/// <summary>
/// Texts drawn on the map itself, in pixels after ScottPlot has drawn the points: the highlighted track's ring and
/// boxed label with an arrow (placed first, where it covers the fewest points), then each theme's name by its
/// group, so a listener reads "Calm" next to the calm songs without looking up colours. A theme name that would
/// overlap an earlier text is left to the legend.
/// </summary>
internal static class MapLabels
{
    public static void Draw(SKCanvas canvas, SKTypeface typeface, float scale, SKRect data, IReadOnlyList<(SKPoint At, int Cluster)> points,
        IReadOnlyDictionary<int, string> names, (SKPoint At, string Label)? highlight, float markerSize)
    {
        var taken = new List<SKRect>();
        SKRect? callout = null;
        if (highlight is { } h) callout = PlaceCallout(typeface, scale, data, points, h.At, h.Label, taken);

        using var nameFont = new SKFont(typeface, 12.5f * scale) { Embolden = true };
        foreach (var group in points.GroupBy(p => p.Cluster).OrderByDescending(g => g.Count()).ThenBy(g => g.Key))
        {
            if (!names.TryGetValue(group.Key, out var name) || string.IsNullOrWhiteSpace(name)) continue;
            var centre = Medoid(group.Select(p => p.At).ToList());
            float w = nameFont.MeasureText(name) + 10 * scale, hgt = 12.5f * scale * 1.45f;
            float lift = markerSize * scale + hgt / 2 + 4 * scale, side = w / 2 + markerSize * scale;
            // Beside the group rather than on it: of the spots around it, the one that hides fewest points, then the
            // one closest to the group.
            (float, float)[] near = [(0, -lift), (0, lift), (side, 0), (-side, 0), (side, -lift), (-side, -lift), (side, lift), (-side, lift)];
            var spots = near.Concat(near.Select(o => (o.Item1 * 1.6f, o.Item2 * 1.8f)));
            SKRect? best = null;
            double bestScore = double.MaxValue;
            foreach (var (dx, dy) in spots)
            {
                var box = Inside(SKRect.Create(centre.X + dx - w / 2, centre.Y + dy - hgt / 2, w, hgt), data);
                if (!data.Contains(box) || taken.Any(t => t.IntersectsWith(box))) continue;
                var padded = SKRect.Inflate(box, markerSize * scale / 2, markerSize * scale / 2);
                int covered = points.Count(p => padded.Contains(p.At));
                float own = group.Min(p => Distance(box, p.At));
                float other = points.Where(p => p.Cluster != group.Key).Select(p => Distance(box, p.At)).DefaultIfEmpty(float.MaxValue).Min();
                // Unmistakable or not at all: clearly nearer its own group than any other (the legend still names it).
                if (other <= 1.3f * own + 4 * scale) continue;
                double score = covered * 1000.0 + own;
                if (score < bestScore) { bestScore = score; best = box; }
            }
            if (best is not { } chosen) continue;
            taken.Add(chosen);
            var (colour, _) = MapMarkers.StyleOf(group.Key);
            Box(canvas, chosen, SKColor.Parse(colour), 1.5f * scale, 0.85f, 4 * scale);
            Text(canvas, name, chosen, nameFont, new SKColor(0x1A, 0x1A, 0x1A));
        }

        if (highlight is { } hl && callout is { } c)
        {
            // The marked track's own marker, drawn again on top and larger, so its theme's colour shows in the ring.
            var marked = points.MinBy(p => (p.At - hl.At).LengthSquared);
            var (colour, shape) = MapMarkers.StyleOf(marked.Cluster);
            MapMarkers.Draw(canvas, shape, hl.At.X, hl.At.Y, 13 * scale, SKColor.Parse(colour), 1.5f * scale);
            DrawCallout(canvas, typeface, scale, hl.At, hl.Label, c);
        }
    }

    /// <summary>The label's box: of eight spots around the point, the one inside the frame covering fewest points.</summary>
    private static SKRect PlaceCallout(SKTypeface typeface, float scale, SKRect data, IReadOnlyList<(SKPoint At, int Cluster)> points,
        SKPoint at, string label, List<SKRect> taken)
    {
        using var font = CalloutFont(typeface, scale);
        float w = font.MeasureText(label) + 16 * scale, h = 15 * scale * 1.7f, d = 62 * scale;
        SKRect best = default;
        int bestCovered = int.MaxValue;
        for (int k = 0; k < 8; k++)
        {
            double angle = Math.PI / 4 * (k + 1);   // up-right first, then counter-clockwise
            float cx = at.X + (float)Math.Cos(angle) * (d + w / 2 * Math.Abs((float)Math.Cos(angle)));
            float cy = at.Y - (float)Math.Sin(angle) * (d + h / 2);
            // Pushed back inside the frame, at a cost: it may now cover the point itself.
            var box = Inside(SKRect.Create(cx - w / 2, cy - h / 2, w, h), data);
            int covered = points.Count(p => box.Contains(p.At)) + (box.Contains(at) || Distance(box, at) < 18 * scale ? 1000 : 0);
            if (covered < bestCovered) { bestCovered = covered; best = box; }
        }
        taken.Add(best);
        taken.Add(SKRect.Create(at.X - 16 * scale, at.Y - 16 * scale, 32 * scale, 32 * scale));
        return best;
    }

    private static void DrawCallout(SKCanvas canvas, SKTypeface typeface, float scale, SKPoint at, string label, SKRect box)
    {
        float ring = 14 * scale;
        using var black = new SKPaint { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 3.5f * scale };
        using var white = new SKPaint { Color = SKColors.White, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 2 * scale };
        canvas.DrawCircle(at, ring + 2.5f * scale, white);
        canvas.DrawCircle(at, ring, black);
        // Arrow from the box's edge to the ring.
        var centre = new SKPoint(box.MidX, box.MidY);
        var edge = ClipToBox(box, centre, at);
        var dir = at - edge;
        float length = dir.Length;
        if (length > ring + 6 * scale)
        {
            var unit = new SKPoint(dir.X / length, dir.Y / length);
            var tip = at - new SKPoint(unit.X * (ring + 3 * scale), unit.Y * (ring + 3 * scale));
            using var line = new SKPaint { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 2.5f * scale };
            float head = 9 * scale;
            var back = tip - new SKPoint(unit.X * head, unit.Y * head);
            canvas.DrawLine(edge, back, line);
            using var builder = new SKPathBuilder();
            builder.MoveTo(tip);
            builder.LineTo(back.X - unit.Y * head * 0.55f, back.Y + unit.X * head * 0.55f);
            builder.LineTo(back.X + unit.Y * head * 0.55f, back.Y - unit.X * head * 0.55f);
            builder.Close();
            using var arrow = builder.Detach();
            using var fill = new SKPaint { Color = SKColors.Black, IsAntialias = true, Style = SKPaintStyle.Fill };
            canvas.DrawPath(arrow, fill);
        }
        Box(canvas, box, SKColors.Black, 2 * scale, 1, 5 * scale);
        using var font = CalloutFont(typeface, scale);
        Text(canvas, label, box, font, SKColors.Black);
    }

    private static SKFont CalloutFont(SKTypeface typeface, float scale) => new(typeface, 15 * scale) { Embolden = true };

    private static void Box(SKCanvas canvas, SKRect box, SKColor border, float borderWidth, float opacity, float radius)
    {
        using var fill = new SKPaint { Color = SKColors.White.WithAlpha((byte)(255 * opacity)), IsAntialias = true, Style = SKPaintStyle.Fill };
        using var stroke = new SKPaint { Color = border, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = borderWidth };
        canvas.DrawRoundRect(box, radius, radius, fill);
        canvas.DrawRoundRect(box, radius, radius, stroke);
    }

    private static void Text(SKCanvas canvas, string text, SKRect box, SKFont font, SKColor colour)
    {
        using var ink = new SKPaint { Color = colour, IsAntialias = true };
        font.GetFontMetrics(out var m);
        canvas.DrawText(text, box.MidX, box.MidY - (m.Ascent + m.Descent) / 2, SKTextAlign.Center, font, ink);
    }

    /// <summary>The group's point with the smallest summed distance to the others: inside the group, unlike a mean.</summary>
    private static SKPoint Medoid(List<SKPoint> group)
    {
        var sample = group.Count > 400 ? group.Where((_, i) => i % (group.Count / 400 + 1) == 0).ToList() : group;
        return sample.MinBy(p => sample.Sum(q => (p - q).Length));
    }

    /// <summary>The box moved the least to lie inside <paramref name="frame"/> (where it fits).</summary>
    private static SKRect Inside(SKRect box, SKRect frame)
    {
        box.Offset(Math.Max(0, frame.Left - box.Left) - Math.Max(0, box.Right - frame.Right),
            Math.Max(0, frame.Top - box.Top) - Math.Max(0, box.Bottom - frame.Bottom));
        return box;
    }

    /// <summary>Where the segment from the box's centre to a point outside it leaves the box.</summary>
    private static SKPoint ClipToBox(SKRect box, SKPoint centre, SKPoint target)
    {
        var d = target - centre;
        float tx = d.X == 0 ? float.PositiveInfinity : (box.Width / 2) / Math.Abs(d.X);
        float ty = d.Y == 0 ? float.PositiveInfinity : (box.Height / 2) / Math.Abs(d.Y);
        float t = Math.Min(1, Math.Min(tx, ty));
        return new SKPoint(centre.X + d.X * t, centre.Y + d.Y * t);
    }

    private static float Distance(SKRect box, SKPoint p)
    {
        float dx = Math.Max(Math.Max(box.Left - p.X, 0), p.X - box.Right);
        float dy = Math.Max(Math.Max(box.Top - p.Y, 0), p.Y - box.Bottom);
        return MathF.Sqrt(dx * dx + dy * dy);
    }
}
