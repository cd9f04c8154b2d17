using System.Buffers.Binary;
using TuneBot.Core.Catalog;
using TuneBot.Core.Catalog.Clustering;
using Xunit;

namespace TuneBot.Tests.Catalog.Clustering;

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
    public async Task Map_renders_a_phone_sized_png_with_gnuplot()
    {
        var (raw, truth) = SyntheticBlobs.Make(blobs: 16, perBlob: 20, dimensions: 8, separation: 3, seed: 4);
        var pca = Pca.Fit(raw);
        var points = raw.Select((p, i) => { var xy = pca.Project(p); return new MapPoint(xy[0], xy[1], truth[i]); }).ToList();
        var legend = Enumerable.Range(0, 16).ToDictionary(c => c, c => $"{c} Calm (slower) · {c + 20}");
        var hl = pca.Project(raw[5]);
        var path = Path.Combine(Path.GetTempPath(), $"tunebot-map-test-{Guid.NewGuid():N}.png");
        try
        {
            var result = await new CatalogMapRenderer().RenderAsync(new MapPicture
            {
                Points = points,
                Legend = legend,
                Highlight = new MapHighlight(hl[0], hl[1], "Your clip: Theme 5"),
                Title = "Test map — it's 'quoted' & under_scored",
                XLabel = "PC1 (30%)",
                YLabel = "PC2 (20%)",
            }, path);
            Assert.True(result.Success, result.Reason);
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            Assert.Equal(1080, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));   // IHDR width
            Assert.Equal(1080, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));   // IHDR height
            var keep = Environment.GetEnvironmentVariable("TUNEBOT_KEEP_MAP");
            if (!string.IsNullOrEmpty(keep)) File.Copy(path, keep, overwrite: true);
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
        Assert.Equal(("0 Calm · 3", "0 잔잔한 음악 · 3"), (en.Picture.Legend[0], ko.Picture.Legend[0]));
        Assert.StartsWith("Your clip → ", en.Picture.Highlight!.Label);
        Assert.StartsWith("내 클립 → ", ko.Picture.Highlight!.Label);
        Assert.StartsWith("PCA 축 1 (분산의 ", ko.Picture.XLabel);
        Assert.Equal(en.Picture.Points, ko.Picture.Points);

        var png = Path.Combine(Path.GetTempPath(), $"tunebot-map-ko-{Guid.NewGuid():N}.png");
        try
        {
            var result = await new CatalogMapRenderer().RenderAsync(ko.Picture, png);
            Assert.True(result.Success, result.Reason);
            Assert.True(new FileInfo(png).Length > 10_000);
        }
        finally { File.Delete(png); }
    }

    [Fact]
    public async Task Map_failures_are_reasons_not_exceptions()
    {
        var empty = await new CatalogMapRenderer().RenderAsync(new MapPicture { Points = [], Legend = new Dictionary<int, string>() }, "/tmp/x.png");
        Assert.False(empty.Success);
        var missing = await new CatalogMapRenderer("/nonexistent/gnuplot").RenderAsync(
            new MapPicture { Points = [new MapPoint(0, 0, 0)], Legend = new Dictionary<int, string>() }, Path.Combine(Path.GetTempPath(), "never.png"));
        Assert.False(missing.Success);
        Assert.Contains("gnuplot", missing.Reason);
    }
}
