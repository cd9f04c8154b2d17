using System.CommandLine;
using TuneBot.Core.Audio;
using TuneBot.Core.Storage;
using TuneBot.Core.Map;
using TuneBot.Core.Themes;
using TuneBot.Core.Features;
using TuneBot.Core.Recommendation;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>map --out FILE.png [--highlight AUDIO_FILE] [--size PX] [--lang en|ko] [--db CONNECTION]</c>: draws the live run as a 2-D
/// map (t-SNE, PCA for big catalogs; one colour and marker per theme, legend with theme names, see <see cref="CatalogMap"/>),
/// sized for a phone. With <c>--highlight</c> the clip is searched like a query and marked on its best-matching
/// track, as the bot marks a voice note. Exit codes: 0 ok, 2 never clustered / unusable clip / bad arguments,
/// 1 database unreachable, ffmpeg missing, or an internal error.
/// </summary>
public static class MapCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "PNG file to write", Required = true };
        var highlight = new Option<string?>("--highlight") { Description = "Audio file (e.g. a voice note) to place on the map" };
        var size = new Option<int>("--size") { Description = "Width and height in pixels", DefaultValueFactory = _ => 1080 };
        var lang = new Option<string>("--lang") { Description = "Language of the texts: en or ko", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "ko");
        var db = CatalogCommandLine.DbOption();
        var command = new Command("map", "Draw the catalog's themes as a 2-D map (PNG)") { output, highlight, size, lang, db };
        command.SetAction((parse, ct) => RunAsync(parse.GetRequiredValue(output), parse.GetValue(highlight), parse.GetValue(size),
            parse.GetRequiredValue(lang), parse.GetValue(db), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    private static Task<int> RunAsync(string output, string? highlightPath, int size, string language, string? db, TextWriter stdout,
        TextWriter stderr, CancellationToken ct) =>
        CatalogCommandLine.Guard(stderr, ct, async () =>
        {
            if (size is < 300 or > 4000)
            {
                await stderr.WriteLineAsync("--size must be between 300 and 4000 pixels.");
                return 2;
            }
            if (!output.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            {
                await stderr.WriteLineAsync("--out must name a .png file.");
                return 2;
            }

            double[]? clip = null;
            long? bestTrack = null;
            int? theme = null;
            var database = await CatalogCommandLine.OpenAsync(db, ct);
            if (highlightPath is not null)
            {
                var decoded = await new AudioDecoder().DecodeAsync(highlightPath, DecodeOptions.Query, ct);
                if (!decoded.Success)
                {
                    await stderr.WriteLineAsync($"{highlightPath}: {decoded.Reason}");
                    return decoded.Failure == DecodeFailureKind.FfmpegMissing ? 1 : 2;
                }
                clip = FeatureExtractor.Analyze(decoded.Audio!.Samples, decoded.Audio.SampleRate).Summary.ToVector();
                // The same search as the bot's: the marker goes on its best track, the label names the theme of its best
                // matches (the rule the bot's reply and `query` use), not the nearest centroid.
                using var recommender = new Recommender(database, ToolConfiguration.Recommender());
                var found = await recommender.RecommendAsync(decoded.Audio.Samples, decoded.Audio.SampleRate, ct: ct);
                if (found.HasResults && found.Tracks.Count > 0)
                {
                    bestTrack = found.Tracks[0].Track.Id;
                    theme = found.ThemeClusterId;
                }
            }

            var view = await CatalogMap.LoadAsync(new ClusterStore(database), new TrackStore(database), clip,
                highlightPath is null ? null : Path.GetFileName(highlightPath), language, bestTrack, theme, ct);
            if (view is null)
            {
                await stderr.WriteLineAsync("The catalog has not been clustered yet: run `cluster` (after `ingest PATH…`).");
                return 2;
            }
            var result = await new CatalogMapRenderer().RenderAsync(view.Picture with { SizePixels = size }, output, ct);
            if (!result.Success)
            {
                await stderr.WriteLineAsync(result.Reason);
                return 1;
            }
            await stdout.WriteLineAsync($"Wrote {output}: {view.Picture.Points.Count} tracks, {view.Run.K} themes (run {view.Run.Id}), " +
                                        $"laid out by {(view.Layout == MapLayoutMethod.Tsne ? "t-SNE" : "PCA")}, font {result.Font}.");
            if (result.MissingGlyphs.Length > 0) await stderr.WriteLineAsync($"The font {result.Font} cannot draw: {result.MissingGlyphs}");
            if (view.Highlight is { } h)
                await stdout.WriteLineAsync($"{highlightPath}: theme {view.HighlightTheme} (its best matches' theme, as the bot and `query` answer), " +
                                            $"marked on track {view.HighlightTrackId}; nearest centroid {h.Cluster} (distance {CatalogCommandLine.F(h.Distance, "0.00")}), " +
                                            $"next {(h.Ranking.Count > 1 ? h.Ranking[1].ToString() : "-")} (×{CatalogCommandLine.F(h.Margin, "0.00")} as far).");
            return 0;
        });
}
