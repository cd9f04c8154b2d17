using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace TuneBot.Core.Catalog.Clustering;

/// <summary>One track on the map.</summary>
public readonly record struct MapPoint(double X, double Y, int Cluster);

/// <summary>The clip to mark on the map.</summary>
public sealed record MapHighlight(double X, double Y, string Label);

/// <summary>What to draw: points, one legend entry per cluster, an optional highlighted clip.</summary>
public sealed record MapPicture
{
    public required IReadOnlyList<MapPoint> Points { get; init; }

    /// <summary>Legend text per cluster id (clusters without an entry are labelled "Cluster N").</summary>
    public required IReadOnlyDictionary<int, string> Legend { get; init; }
    public MapHighlight? Highlight { get; init; }
    public string Title { get; init; } = "Catalog map";
    public string XLabel { get; init; } = "";
    public string YLabel { get; init; } = "";

    /// <summary>Width and height in pixels (square: a phone shows it full-width; default 1080).</summary>
    public int SizePixels { get; init; } = 1080;
}

/// <summary>Outcome of rendering: success, or a one-line reason.</summary>
public sealed record MapRenderResult(bool Success, string? Reason)
{
    public static MapRenderResult Ok { get; } = new(true, null);
    public static MapRenderResult Fail(string reason) => new(false, reason);
}

/// <summary>
/// Draws a <see cref="MapPicture"/> as PNG with gnuplot (Debian package gnuplot-nox), run as a child process with
/// an argument list; the points go through a temporary data file, the script through stdin. Uses the pngcairo
/// terminal (anti-aliased, fontconfig fallback fonts) when gnuplot has it, else the libgd png terminal.
/// Sized for a phone: 1080 × 1080 px, 22 pt text, big markers, the legend (our own labels) below the plot. Legend text is plain
/// (gnuplot's "noenhanced" mode), so names with _ ^ { } print as written. Hangul comes from fontconfig's fallback
/// to NanumGothic (Debian fonts-nanum, installed by setup; DejaVu has no Hangul). Emoji are left out of the
/// legend: no installed font has colour emoji, and they would draw as empty boxes.
/// </summary>
public sealed class CatalogMapRenderer(string gnuplotPath = "gnuplot")
{
    /// <summary>Colours per cluster id (cycled beyond 20): Okabe–Ito's colour-blind-safe eight first, then a
    /// Tableau-20-like extension, all dark enough to read on white.</summary>
    public static IReadOnlyList<string> Palette { get; } =
    [
        "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442", "#000000",
        "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#9467BD", "#2CA02C", "#D62728", "#1F77B4",
        "#FF9896", "#98DF8A", "#C5B0D5", "#AEC7E8",
    ];

    /// <summary>Longest legend entry in a two-column legend (about half of 1080 px at 22 pt).</summary>
    public const int MaxLegendCharacters = 34;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

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

        var cairo = await ProbeAsync("set terminal pngcairo", ct);
        if (cairo is null) return MapRenderResult.Fail("gnuplot is not installed (Debian: apt-get install -y gnuplot-nox).");

        var dataFile = Path.Combine(Path.GetTempPath(), $"tunebot-map-{Guid.NewGuid():N}.dat");
        try
        {
            var clusters = picture.Points.Select(p => p.Cluster).Distinct().OrderBy(c => c).ToList();
            var data = new StringBuilder();
            foreach (var c in clusters)
            {
                foreach (var p in picture.Points.Where(p => p.Cluster == c))
                    data.Append(Num(p.X)).Append(' ').Append(Num(p.Y)).Append('\n');
                data.Append("\n\n");   // blank line pair: next gnuplot data index
            }
            await File.WriteAllTextAsync(dataFile, data.ToString(), ct);
            var script = Script(picture, clusters, dataFile, output, cairo.Value);
            var (exit, error) = await RunAsync(script, ct);
            if (exit != 0) return MapRenderResult.Fail($"gnuplot failed: {FirstLine(error)}");
            if (!File.Exists(output) || new FileInfo(output).Length == 0) return MapRenderResult.Fail("gnuplot wrote no image.");
            return MapRenderResult.Ok;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return MapRenderResult.Fail($"gnuplot did not finish within {Timeout.TotalSeconds:F0} s.");
        }
        catch (IOException e)
        {
            return MapRenderResult.Fail($"Cannot write the map: {e.Message}");
        }
        finally
        {
            try { File.Delete(dataFile); } catch (IOException) { }
        }
    }

    private static string Script(MapPicture picture, List<int> clusters, string dataFile, string output, bool cairo)
    {
        int size = Math.Clamp(picture.SizePixels, 300, 4000);
        double scale = size / 1080.0;
        int font = (int)Math.Round(22 * scale);
        var s = new StringBuilder();
        s.AppendLine(cairo
            ? $"set terminal pngcairo size {size},{size} enhanced font 'DejaVu Sans,{font}' linewidth {Num(2 * scale)}"
            : $"set terminal png size {size},{size} font 'DejaVuSans,{font}'");
        s.AppendLine($"set output {Quote(output)}");
        s.AppendLine("set encoding utf8");
        s.AppendLine($"set title {Quote(picture.Title)} noenhanced font ',{(int)Math.Round(28 * scale)}'");
        // Axes of a PCA have no units worth reading: keep the frame, drop the numbers.
        s.AppendLine("unset xtics; unset ytics");
        s.AppendLine($"set xlabel {Quote(picture.XLabel)} noenhanced");
        s.AppendLine($"set ylabel {Quote(picture.YLabel)} noenhanced");
        s.AppendLine("set border lw 1.5 lc rgb '#888888'");
        s.AppendLine("set grid lc rgb '#DDDDDD'");
        // Our own legend below the plot, drawn as labels with a point (gnuplot's key would not wrap long names into
        // two columns reliably: it sizes columns from byte counts). Two columns from 7 entries on, column-major.
        var entries = new List<(string Text, string Style)>();
        foreach (var c in clusters)
        {
            string label = picture.Legend.TryGetValue(c, out var l) ? l : $"Cluster {c}";
            entries.Add((label, $"pt 7 ps {Num(2.4 * scale)} lc rgb '{Palette[c % Palette.Count]}'"));
        }
        if (picture.Highlight is { } clip) entries.Add((clip.Label, $"pt 3 ps {Num(2.6 * scale)} lw {Num(3 * scale)} lc rgb '#E3001B'"));
        int columns = entries.Count > 6 ? 2 : 1;
        int rows = (entries.Count + columns - 1) / columns;
        const double rowHeight = 0.036, legendBottom = 0.015;
        double legendTop = legendBottom + rows * rowHeight;
        int maxChars = columns == 2 ? MaxLegendCharacters : 2 * MaxLegendCharacters;
        for (int e = 0; e < entries.Count; e++)
        {
            int col = e / rows, row = e % rows;
            double x = columns == 2 ? 0.04 + col * 0.5 : 0.08, y = legendTop - (row + 0.5) * rowHeight;
            var text = entries[e].Text.Length > maxChars ? entries[e].Text[..(maxChars - 1)].TrimEnd() + "…" : entries[e].Text;
            s.AppendLine($"set label {100 + e} {Quote(text)} at screen {Num(x)},{Num(y)} left point {entries[e].Style} offset character 1.4,0 front noenhanced font ',{font}'");
        }
        s.AppendLine("unset key");
        s.AppendLine($"set bmargin at screen {Num(legendTop + 0.075)}");
        s.AppendLine("set tmargin at screen 0.915");
        s.AppendLine("set lmargin at screen 0.075");
        s.AppendLine("set rmargin at screen 0.97");
        // A margin around the points, so big markers and the label are not clipped at the frame.
        var xs = picture.Points.Select(p => p.X).Append(picture.Highlight?.X ?? picture.Points[0].X).ToList();
        var ys = picture.Points.Select(p => p.Y).Append(picture.Highlight?.Y ?? picture.Points[0].Y).ToList();
        double dx = Math.Max(1e-6, xs.Max() - xs.Min()), dy = Math.Max(1e-6, ys.Max() - ys.Min());
        s.AppendLine($"set xrange [{Num(xs.Min() - 0.06 * dx)}:{Num(xs.Max() + 0.06 * dx)}]");
        s.AppendLine($"set yrange [{Num(ys.Min() - 0.06 * dy)}:{Num(ys.Max() + 0.06 * dy)}]");
        if (picture.Highlight is { } h)
        {
            s.AppendLine("set style textbox opaque fc rgb '#FFFFFF' border lc rgb '#000000' margins 6,4");
            // Label toward the picture's centre, so it stays inside the frame.
            double cx = (xs.Min() + xs.Max()) / 2, cy = (ys.Min() + ys.Max()) / 2;
            string align = h.X > cx ? "right" : "left";
            double ox = h.X > cx ? -2.2 : 2.2, oy = h.Y > cy ? -2.2 : 2.2;
            s.AppendLine($"set label 1 {Quote(h.Label)} at {Num(h.X)},{Num(h.Y)} {align} offset character {Num(ox)},{Num(oy)} front boxed noenhanced font ',{(int)Math.Round(26 * scale)}'");
        }

        if (picture.Highlight is { } spot)
            s.Append("$highlight << EOD\n").Append(Num(spot.X)).Append(' ').Append(Num(spot.Y)).Append("\nEOD\n");

        var plots = new List<string>();
        double pointSize = picture.Points.Count > 2000 ? 1.0 : picture.Points.Count > 500 ? 1.4 : picture.Points.Count > 200 ? 2.0 : 2.6;
        for (int i = 0; i < clusters.Count; i++)
        {
            int c = clusters[i];
            string colour = Palette[c % Palette.Count];
            plots.Add($"{Quote(dataFile)} index {i} using 1:2 with points pt 7 ps {Num(pointSize * scale)} lc rgb '{colour}' notitle");
        }
        if (picture.Highlight is { } hl)
        {
            // A black ring, a white ring and a red star on top: visible over any cluster colour.
            const string at = "$highlight using 1:2";
            plots.Add($"{at} with points pt 7 ps {Num(7 * scale)} lc rgb '#000000' notitle");
            plots.Add($"{at} with points pt 7 ps {Num(5.6 * scale)} lc rgb '#FFFFFF' notitle");
            plots.Add($"{at} with points pt 3 ps {Num(5 * scale)} lw {Num(4 * scale)} lc rgb '#E3001B' notitle");
        }
        s.Append("plot ").AppendLine(string.Join(", \\\n     ", plots));
        s.AppendLine("unset output");
        return s.ToString();
    }

    /// <summary>gnuplot single-quoted string: no escapes inside, a quote is doubled.</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "''").Replace("\n", " ").Replace("\r", " ") + "'";

    private static string Num(double x) => double.IsFinite(x) ? x.ToString("R", CultureInfo.InvariantCulture) : "0";

    private static string FirstLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = lines.FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? lines.FirstOrDefault() ?? "no message";
        return line.Length > 300 ? line[..300] : line;
    }

    /// <summary>Whether a command succeeds in gnuplot (true/false), or null when gnuplot cannot be started.</summary>
    private async Task<bool?> ProbeAsync(string command, CancellationToken ct)
    {
        try
        {
            var (exit, _) = await RunAsync(command + "\n", ct);
            return exit == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    private async Task<(int Exit, string Error)> RunAsync(string script, CancellationToken ct)
    {
        var info = new ProcessStartInfo(gnuplotPath)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        info.Environment["GNUPLOT_LIB"] = "";
        using var process = new Process { StartInfo = info };
        process.Start();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.StandardInput.WriteAsync(script.AsMemory(), timeout.Token);
            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            await stdout;
            return (process.ExitCode, await stderr);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
    }
}
