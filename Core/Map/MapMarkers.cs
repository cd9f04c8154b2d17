using SkiaSharp;

namespace TuneBot.Core.Map;

/// <summary>
/// Colour and marker shape per theme, the same on every map: Tableau 10's hues (ten a phone screen tells apart,
/// all readable on white) times five filled shapes, so themes also differ for colour-blind readers.
/// </summary>
public static class MapMarkers
{
    public static IReadOnlyList<string> Palette { get; } =
        ["#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#79706E"];

    public enum Shape { Circle, Square, TriangleUp, Diamond, TriangleDown }

    /// <summary>Cluster c gets colour c mod 10 and a shape that changes with every tenth cluster: 50 distinct looks.</summary>
    public static (string Colour, Shape Shape) StyleOf(int cluster)
    {
        int c = Math.Abs(cluster);
        return (Palette[c % Palette.Count], (Shape)((c + c / Palette.Count) % 5));
    }

    /// <summary>Draws a marker of <paramref name="size"/> px (its width) at (x, y) with a thin white edge.</summary>
    internal static void Draw(SKCanvas canvas, Shape shape, float x, float y, float size, SKColor colour, float edge)
    {
        using var path = PathOf(shape, x, y, size);
        using var fill = new SKPaint { Color = colour, IsAntialias = true, Style = SKPaintStyle.Fill };
        canvas.DrawPath(path, fill);
        if (edge <= 0) return;
        using var stroke = new SKPaint { Color = SKColors.White, IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = edge };
        canvas.DrawPath(path, stroke);
    }

    private static SKPath PathOf(Shape shape, float x, float y, float size)
    {
        float r = size / 2;
        using var path = new SKPathBuilder();
        switch (shape)
        {
            case Shape.Circle: path.AddCircle(x, y, r, SKPathDirection.Clockwise); break;
            case Shape.Square: path.AddRect(SKRect.Create(x - r * 0.88f, y - r * 0.88f, 1.76f * r, 1.76f * r), SKPathDirection.Clockwise); break;
            case Shape.Diamond: Polygon(path, (x, y - r * 1.1f), (x + r, y), (x, y + r * 1.1f), (x - r, y)); break;
            case Shape.TriangleUp: Polygon(path, (x, y - r * 1.1f), (x + r * 1.05f, y + r * 0.75f), (x - r * 1.05f, y + r * 0.75f)); break;
            default: Polygon(path, (x, y + r * 1.1f), (x + r * 1.05f, y - r * 0.75f), (x - r * 1.05f, y - r * 0.75f)); break;
        }
        return path.Detach();
    }

    private static void Polygon(SKPathBuilder path, params (float X, float Y)[] corners)
    {
        path.MoveTo(corners[0].X, corners[0].Y);
        foreach (var (cx, cy) in corners.Skip(1)) path.LineTo(cx, cy);
        path.Close();
    }
}
