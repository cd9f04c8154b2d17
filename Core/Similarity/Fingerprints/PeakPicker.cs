using TuneBot.Core.Features;

namespace TuneBot.Core.Similarity.Fingerprints;

/// <summary>
/// The constellation of a spectrogram (Wang 2003, §2.1): time–frequency points that are the largest log magnitude in
/// their neighbourhood, kept in the phone band only. Peaks survive noise and codecs because they are the loudest
/// points locally; a density limit keeps the most prominent ones (prominence = log magnitude minus the mean over
/// nearby bins of the same frame, so a noise floor's spectral tilt does not decide which peaks are kept).
/// Every rule looks at a fixed neighbourhood of the point, never at where the clip starts, so a clip cut from a
/// track yields the track's peaks (but at its edges).
/// </summary>
public static class PeakPicker
{
    public static List<SpectralPeak> Pick(Spectrogram spectrogram, LandmarkSettings settings)
    {
        int k0 = settings.MinBin, k1 = settings.MaxBin;
        int width = k1 - k0 + 1, frames = spectrogram.Frames;
        if (width < 1 || frames < 1) return [];
        var magnitude = spectrogram.Magnitude;
        float loudest = 0;
        for (int t = 0; t < frames; t++)
            for (int k = k0; k <= k1; k++) loudest = Math.Max(loudest, magnitude[t * spectrogram.Bins + k]);
        if (loudest <= 0) return [];
        float floor = loudest * (float)Math.Pow(10, -settings.FloorDb / 20);

        var log = new float[frames * width];
        for (int t = 0; t < frames; t++)
            for (int j = 0; j < width; j++) log[t * width + j] = MathF.Log(Math.Max(magnitude[t * spectrogram.Bins + k0 + j], floor));

        // Separable running maximum: over bins, then over frames.
        var byBin = SlidingMax(log, frames, width, settings.PeakFrequencyRadius, alongTime: false);
        var local = SlidingMax(byBin, frames, width, settings.PeakTimeRadius, alongTime: true);

        var candidates = new List<SpectralPeak>();
        int r = settings.WhiteningRadius;
        var prefix = new double[width + 1];
        for (int t = 0; t < frames; t++)
        {
            int row = t * width;
            for (int j = 0; j < width; j++) prefix[j + 1] = prefix[j] + log[row + j];
            for (int j = 0; j < width; j++)
            {
                float v = log[row + j];
                if (v < local[row + j] || v <= MathF.Log(floor) + 1e-3f) continue;
                if (!IsFirstMaximum(log, frames, width, t, j, v, settings)) continue;
                int lo = Math.Max(0, j - r), hi = Math.Min(width - 1, j + r);
                float mean = (float)((prefix[hi + 1] - prefix[lo]) / (hi - lo + 1));
                candidates.Add(new SpectralPeak(t, j, v - mean));
            }
        }
        return LimitDensity(candidates, settings.PeaksPerWindow, settings.DensityWindowFrames);
    }

    /// <summary>Plateaus (equal values, e.g. clipped or floored bins) give one peak: the earliest, lowest point.</summary>
    private static bool IsFirstMaximum(float[] log, int frames, int width, int t, int j, float v, LandmarkSettings s)
    {
        for (int dt = -s.PeakTimeRadius; dt <= 0; dt++)
        {
            int tt = t + dt;
            if (tt < 0) continue;
            for (int dj = -s.PeakFrequencyRadius; dj <= s.PeakFrequencyRadius; dj++)
            {
                if (dt == 0 && dj >= 0) break;
                int jj = j + dj;
                if ((uint)jj < (uint)width && log[tt * width + jj] == v) return false;
            }
        }
        return true;
    }

    private static float[] SlidingMax(float[] x, int frames, int width, int radius, bool alongTime)
    {
        var y = new float[x.Length];
        for (int t = 0; t < frames; t++)
            for (int j = 0; j < width; j++)
            {
                float m = float.NegativeInfinity;
                if (alongTime)
                    for (int tt = Math.Max(0, t - radius); tt <= Math.Min(frames - 1, t + radius); tt++) m = Math.Max(m, x[tt * width + j]);
                else
                    for (int jj = Math.Max(0, j - radius); jj <= Math.Min(width - 1, j + radius); jj++) m = Math.Max(m, x[t * width + jj]);
                y[t * width + j] = m;
            }
        return y;
    }

    /// <summary>Keeps a peak when fewer than <paramref name="perWindow"/> more prominent peaks lie within
    /// ± <paramref name="halfWindow"/> frames (candidates arrive in frame order).</summary>
    private static List<SpectralPeak> LimitDensity(List<SpectralPeak> candidates, int perWindow, int halfWindow)
    {
        var kept = new List<SpectralPeak>();
        int lo = 0;
        for (int i = 0; i < candidates.Count; i++)
        {
            var p = candidates[i];
            while (candidates[lo].Frame < p.Frame - halfWindow) lo++;
            int stronger = 0;
            for (int j = lo; j < candidates.Count && candidates[j].Frame <= p.Frame + halfWindow; j++)
                if (candidates[j].Prominence > p.Prominence || (candidates[j].Prominence == p.Prominence && j < i))
                    if (++stronger >= perWindow) break;
            if (stronger < perWindow) kept.Add(p);
        }
        return kept;
    }
}
