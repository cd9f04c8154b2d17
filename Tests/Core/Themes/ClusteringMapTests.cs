using System.Buffers.Binary;
using TuneBot.Core.Map;
using TuneBot.Core.Storage;
using TuneBot.Core.Themes;
using TuneBot.Tests.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Core.Themes;

public class ClusteringMapTests
{
    [Fact]
    public void Pca_finds_the_dominant_axis_and_projects_new_points_consistently()
    {
        var random = new Random(3);
        // Points stretched along (1, 1, 0)/√2 with small noise elsewhere.
        var points = Enumerable.Range(0, 200).Select(_ =>
        {
            double t = 5 * SyntheticBlobs.Gaussian(random);
            return new[] { t + 0.1 * SyntheticBlobs.Gaussian(random), t + 0.1 * SyntheticBlobs.Gaussian(random), 0.3 * SyntheticBlobs.Gaussian(random) };
        }).ToList();
        var pca = Pca.Fit(points);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(pca.Components[0][0]), 2);
        Assert.Equal(1 / Math.Sqrt(2), Math.Abs(pca.Components[0][1]), 2);
        Assert.True(pca.ExplainedVarianceRatio[0] > 0.95);
        Assert.Equal(0, pca.Components[0].Zip(pca.Components[1], (a, b) => a * b).Sum(), 9);
        // Deterministic, with fixed signs.
        var again = Pca.Fit(points.AsEnumerable().Reverse().ToList());
        Assert.Equal(pca.Components[0].Select(v => Math.Round(v, 9)), again.Components[0].Select(v => Math.Round(v, 9)));
        // A new point on the axis lands at its signed length along it.
        var projected = pca.Project([10 + pca.Mean[0], 10 + pca.Mean[1], pca.Mean[2]]);
        Assert.Equal(10 * Math.Sqrt(2), Math.Abs(projected[0]), 1);
    }

    [Fact]
    public async Task Map_renders_a_phone_sized_png_with_the_hangul_font()
    {
        var (raw, truth) = SyntheticBlobs.Make(blobs: 16, perBlob: 20, dimensions: 8, separation: 3, seed: 4);
        var xy = Tsne.Embed(raw);
        var points = xy.Select((v, i) => new MapPoint(v[0], v[1], truth[i])).ToList();
        string[] moods = ["Calm", "Upbeat", "Mellow", "Moody", "Cheerful", "Intense", "Energetic", "Melancholy"];
        var names = Enumerable.Range(0, 16).ToDictionary(c => c, c => $"{moods[c % 8]}{(c >= 8 ? " (faster)" : "")}");
        var legend = names.ToDictionary(n => n.Key, n => $"{n.Value} · {n.Key + 20} songs");
        var path = Path.Combine(Path.GetTempPath(), $"tunebot-map-test-{Guid.NewGuid():N}.png");
        try
        {
            var result = await new CatalogMapRenderer().RenderAsync(new MapPicture
            {
                Points = points,
                Legend = legend,
                Names = names,
                Highlight = new MapHighlight(xy[5][0], xy[5][1], $"Your clip → {names[truth[5]]}"),
                Title = "Test map — it's 'quoted' & under_scored",
                Caption = "Each dot is a song · songs that sound alike sit close together",
            }, path);
            Assert.True(result.Success, result.Reason);
            Assert.Equal(("NanumGothic", ""), (result.Font, result.MissingGlyphs));
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
            Assert.Equal(1080, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));   // IHDR width
            Assert.Equal(1080, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));   // IHDR height
            Keep(path, "en-blobs");
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public async Task The_map_speaks_the_readers_language_and_a_korean_one_renders()
    {
        var run = ClusterStoreTests.MakeRun(2, 3);
        Theme[] themes = [new(0, "Calm", "잔잔한 음악", "", "", "🌿", 0.2, -0.3), new(1, "Upbeat", "신나는 음악", "", "", "🎉", 0.7, 0.5)];
        var assignments = Enumerable.Range(1, 6).Select(i => new ClusterAssignment(i, i % 2, 1.0)).ToList();
        var summaries = Enumerable.Range(1, 6).Select(i => new TrackSummaryVector(i, [i, 0.5 * i + 3 * (i % 2), -i], 1)).ToList();

        var en = CatalogMap.Build(run, themes, assignments, summaries, highlightSummary: [1, 2, 3]);
        var ko = CatalogMap.Build(run, themes, assignments, summaries, highlightSummary: [1, 2, 3], language: "ko");
        Assert.Equal(("TuneBot catalog: 6 tracks, 2 themes", "TuneBot 카탈로그: 6곡, 테마 2개"), (en.Picture.Title, ko.Picture.Title));
        Assert.Equal(("Calm · 3 songs", "잔잔한 음악 · 3곡"), (en.Picture.Legend[0], ko.Picture.Legend[0]));
        Assert.StartsWith("Your clip → ", en.Picture.Highlight!.Label);
        Assert.StartsWith("내 클립 → ", ko.Picture.Highlight!.Label);
        Assert.Contains("sound alike", en.Picture.Caption);
        Assert.Contains("비슷하게 들리는", ko.Picture.Caption);
        Assert.DoesNotContain("PCA", en.Picture.Caption + ko.Picture.Caption);
        Assert.Equal(en.Picture.Points, ko.Picture.Points);
        Assert.Equal(MapLayoutMethod.Tsne, en.Layout);

        var png = Path.Combine(Path.GetTempPath(), $"tunebot-map-ko-{Guid.NewGuid():N}.png");
        try
        {
            var result = await new CatalogMapRenderer().RenderAsync(ko.Picture, png);
            Assert.True(result.Success, result.Reason);
            // Every Hangul syllable of the title, caption, legend and label has a glyph in the font drawn with.
            Assert.Equal(("NanumGothic", ""), (result.Font, result.MissingGlyphs));
            Assert.True(new FileInfo(png).Length > 10_000);
        }
        finally { File.Delete(png); }
    }

    [Fact]
    public async Task A_font_without_hangul_gives_way_to_one_that_has_it()
    {
        var picture = new MapPicture
        {
            Points = [new MapPoint(0, 0, 0), new MapPoint(1, 1, 1)],
            Legend = new Dictionary<int, string> { [0] = "잔잔한 음악 · 1곡", [1] = "신나는 음악 · 1곡" },
            Title = "TuneBot 카탈로그",
        };
        foreach (var font in new[] { "DejaVu Sans", "No Such Font 4711" })
        {
            var png = Path.Combine(Path.GetTempPath(), $"tunebot-map-font-{Guid.NewGuid():N}.png");
            try
            {
                var result = await new CatalogMapRenderer(font).RenderAsync(picture, png);
                Assert.True(result.Success, result.Reason);
                Assert.NotEqual(font, result.Font);
                Assert.Equal("", result.MissingGlyphs);
            }
            finally { File.Delete(png); }
        }
    }

    [Fact]
    public void The_clip_is_marked_on_its_best_matching_track()
    {
        var run = ClusterStoreTests.MakeRun(2, 3);
        var assignments = Enumerable.Range(1, 12).Select(i => new ClusterAssignment(i, i % 2, 1.0)).ToList();
        var summaries = Enumerable.Range(1, 12).Select(i => new TrackSummaryVector(i, [i, 0.5 * i + 3 * (i % 2), -i], 1)).ToList();
        var pointOf = (CatalogMapView v, long id) => v.Picture.Points[(int)id - 1];   // points are in track-id order

        // Given the track the search found: the marker is on that track.
        var byTrack = CatalogMap.Build(run, [], assignments, summaries, highlightSummary: [0, 0, 0], highlightTrackId: 7);
        Assert.Equal(7, byTrack.HighlightTrackId);
        Assert.Equal((pointOf(byTrack, 7).X, pointOf(byTrack, 7).Y), (byTrack.Picture.Highlight!.X, byTrack.Picture.Highlight.Y));
        // Given only a summary vector (the bot passes its best track's): the track nearest to it.
        var bySummary = CatalogMap.Build(run, [], assignments, summaries, highlightSummary: [4.1, 2.05, -4.1]);
        Assert.Equal(4, bySummary.HighlightTrackId);
        Assert.Equal((pointOf(bySummary, 4).X, pointOf(bySummary, 4).Y), (bySummary.Picture.Highlight!.X, bySummary.Picture.Highlight.Y));
        Assert.Null(CatalogMap.Build(run, [], assignments, summaries).Picture.Highlight);
    }

    [Fact]
    public async Task A_catalog_above_the_tsne_limit_is_laid_out_by_pca_and_still_renders()
    {
        int n = MapLayout.TsneMaxTracks + 100;
        var (raw, truth) = SyntheticBlobs.Make(blobs: 8, perBlob: n / 8 + 1, dimensions: 6, separation: 3, seed: 9);
        var run = ClusterStoreTests.MakeRun(8, 6);
        var assignments = truth.Select((c, i) => new ClusterAssignment(i + 1, c, 1.0)).ToList();
        var summaries = raw.Select((v, i) => new TrackSummaryVector(i + 1, v, 1)).ToList();
        Theme[] themes = [.. Enumerable.Range(0, 8).Select(c => new Theme(c, $"Theme {c}", $"테마 {c}", "", "", "", 0, 0))];
        var view = CatalogMap.Build(run, themes, assignments, summaries, highlightLabel: "Cedar Pluck", language: "ko", highlightTrackId: 42);
        Assert.Equal(MapLayoutMethod.Pca, view.Layout);
        Assert.Equal("Cedar Pluck → 테마 " + truth[41], view.Picture.Highlight!.Label);
        var png = Path.Combine(Path.GetTempPath(), $"tunebot-map-pca-{Guid.NewGuid():N}.png");
        try
        {
            var result = await new CatalogMapRenderer().RenderAsync(view.Picture, png);
            Assert.True(result.Success, result.Reason);
            Assert.Equal("", result.MissingGlyphs);
            Keep(png, "ko-pca-large");
        }
        finally { File.Delete(png); }
    }

    [Fact]
    public async Task Map_failures_are_reasons_not_exceptions()
    {
        var empty = await new CatalogMapRenderer().RenderAsync(new MapPicture { Points = [], Legend = new Dictionary<int, string>() }, "/tmp/x.png");
        Assert.False(empty.Success);
        var unwritable = await new CatalogMapRenderer().RenderAsync(
            new MapPicture { Points = [new MapPoint(0, 0, 0)], Legend = new Dictionary<int, string>() }, "/proc/tunebot/never.png");
        Assert.False(unwritable.Success);
        Assert.Contains("never.png", unwritable.Reason);
    }

    /// <summary>TUNEBOT_KEEP_MAP_DIR=DIR keeps the test's picture there, to look at.</summary>
    private static void Keep(string path, string name)
    {
        var dir = Environment.GetEnvironmentVariable("TUNEBOT_KEEP_MAP_DIR");
        if (string.IsNullOrEmpty(dir)) return;
        Directory.CreateDirectory(dir);
        File.Copy(path, Path.Combine(dir, name + ".png"), overwrite: true);
    }
}
