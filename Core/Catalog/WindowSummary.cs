using TuneBot.Core.Features;

namespace TuneBot.Core.Catalog;

/// <summary>One window summary of a track, as stored in <c>track_windows</c>.</summary>
/// <param name="Index">0, 1, 2 … in time order.</param>
/// <param name="StartSeconds">Where the window starts in the track.</param>
/// <param name="Vector">The summary, layout given by <see cref="WindowSummary"/> version <paramref name="Version"/>.</param>
public sealed record TrackWindow(int Index, double StartSeconds, float[] Vector, int Version);

/// <summary>
/// Summaries of overlapping windows of a track, so a short query clip (a voice note of ~8 s) is compared with
/// catalog excerpts of the same length rather than with whole-track statistics (docs/retrieval.md: voting
/// among the 15 nearest 8 s windows predicted a clip's cluster far better than its nearest whole-track centroid).
/// <para>
/// Version 1: windows of <see cref="WindowSeconds"/> every <see cref="HopSeconds"/> (a track shorter than one
/// window gets one window over all of it); vector = MFCC means (20), MFCC population standard deviations (20),
/// chroma means (12), chroma standard deviations (12) over the window's analysis frames: 64 float32 values.
/// The recommendation work may change the layout (e.g. band-limited MFCC): raise <see cref="Version"/> and the
/// ingest re-analyses tracks stored under older versions.
/// </para>
/// </summary>
public static class WindowSummary
{
    public const int Version = 1;
    public const double WindowSeconds = 8.0;
    public const double HopSeconds = 4.0;
    public const int Dims = 64;

    /// <summary>
    /// Summarises windows of an analysis. <paramref name="mfcc"/>: 20 × T, <paramref name="chroma"/>: 12 × T, both
    /// on the same frame grid (hop <paramref name="hopLength"/> samples at <paramref name="sampleRate"/> Hz).
    /// Returns the windows in time order; empty when there are no frames.
    /// </summary>
    public static IReadOnlyList<TrackWindow> Compute(FeatureMatrix mfcc, FeatureMatrix chroma, int sampleRate = 22050, int hopLength = 512)
    {
        if (mfcc.Rows != 20 || chroma.Rows != 12) throw new ArgumentException("Expected 20 MFCC rows and 12 chroma rows.");
        int frames = Math.Min(mfcc.Frames, chroma.Frames);
        if (frames == 0) return [];
        double framesPerSecond = sampleRate / (double)hopLength;
        int windowFrames = Math.Max(1, (int)Math.Round(WindowSeconds * framesPerSecond));
        int hopFrames = Math.Max(1, (int)Math.Round(HopSeconds * framesPerSecond));
        var result = new List<TrackWindow>();
        if (frames <= windowFrames)
        {
            result.Add(new TrackWindow(0, 0, Summarise(mfcc, chroma, 0, frames), Version));
            return result;
        }
        for (int start = 0, i = 0; start + windowFrames <= frames; start += hopFrames, i++)
            result.Add(new TrackWindow(i, start / framesPerSecond, Summarise(mfcc, chroma, start, windowFrames), Version));
        return result;
    }

    private static float[] Summarise(FeatureMatrix mfcc, FeatureMatrix chroma, int start, int count)
    {
        var v = new float[Dims];
        MeanStd(mfcc, start, count, v.AsSpan(0, 20), v.AsSpan(20, 20));
        MeanStd(chroma, start, count, v.AsSpan(40, 12), v.AsSpan(52, 12));
        return v;
    }

    private static void MeanStd(FeatureMatrix m, int start, int count, Span<float> means, Span<float> stds)
    {
        for (int r = 0; r < m.Rows; r++)
        {
            var row = m.Row(r).Slice(start, count);
            double sum = 0;
            foreach (var x in row) sum += x;
            double mean = sum / count, acc = 0;
            foreach (var x in row) { double d = x - mean; acc += d * d; }
            means[r] = (float)mean;
            stds[r] = (float)Math.Sqrt(acc / count);
        }
    }
}
