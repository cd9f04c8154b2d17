using TuneBot.Core.Map;
using TuneBot.Core.Themes;
using Xunit;

namespace TuneBot.Tests.Core.Themes;

public class MapLayoutTests
{
    [Fact]
    public void Catalogs_up_to_the_limit_are_drawn_by_tsne_and_the_layout_is_kept()
    {
        var (points, _) = SyntheticBlobs.Make(blobs: 3, perBlob: 10, dimensions: 6, separation: 3, seed: 21);
        var first = MapLayout.Place(points);
        Assert.Equal(MapLayoutMethod.Tsne, first.Method);
        Assert.Equal(points.Count, first.Positions.Count);
        // The bot asks again for an unchanged catalog: the kept layout, not a second t-SNE.
        Assert.Same(first, MapLayout.Place(points.Select(p => p.ToArray()).ToList()));
        Assert.NotSame(first, MapLayout.Place(points, seed: 43));
    }

    [Fact]
    public void Above_the_limit_the_map_is_a_pca_projection()
    {
        var (points, _) = SyntheticBlobs.Make(blobs: 5, perBlob: MapLayout.TsneMaxTracks / 5 + 1, dimensions: 6, separation: 3, seed: 22);
        Assert.True(points.Count > MapLayout.TsneMaxTracks);
        var layout = MapLayout.Place(points);
        Assert.Equal(MapLayoutMethod.Pca, layout.Method);
        var pca = Pca.Fit(points);
        var expected = pca.Project(points[7]);
        Assert.Equal(expected[0], layout.Positions[7].X, 9);
        Assert.Equal(expected[1], layout.Positions[7].Y, 9);

        // The limit is a parameter; tiny catalogs are PCA too.
        Assert.Equal(MapLayoutMethod.Pca, MapLayout.Place(points.Take(40).ToList(), tsneMaxTracks: 30).Method);
        Assert.Equal(MapLayoutMethod.Pca, MapLayout.Place(points.Take(MapLayout.TsneMinTracks - 1).ToList()).Method);
    }
}
