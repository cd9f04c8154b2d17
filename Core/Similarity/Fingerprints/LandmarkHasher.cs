namespace TuneBot.Core.Similarity.Fingerprints;

/// <summary>
/// Pairs each anchor peak with the next <see cref="LandmarkSettings.FanOut"/> peaks in its target zone (1 … 63 frames
/// later, within ± 63 bins) and hashes each pair as (anchor bin, bin difference, frame difference): 8 + 7 + 6 = 21
/// bits (Wang 2003, §2.2). A pair is far more specific than a single peak, and both ends must survive the
/// degradation, which is why the fan-out gives every anchor several chances.
/// </summary>
public static class LandmarkHasher
{
    public const int HashBits = 21;

    public static int Hash(int anchorBin, int deltaBins, int deltaFrames) =>
        ((anchorBin & 0xFF) << 13) | (((deltaBins + 64) & 0x7F) << 6) | (deltaFrames & 0x3F);

    /// <param name="peaks">In frame order (as <see cref="PeakPicker.Pick"/> returns them).</param>
    public static List<Landmark> Pair(IReadOnlyList<SpectralPeak> peaks, LandmarkSettings settings)
    {
        var landmarks = new List<Landmark>(peaks.Count * settings.FanOut);
        for (int i = 0; i < peaks.Count; i++)
        {
            var a = peaks[i];
            int paired = 0;
            for (int j = i + 1; j < peaks.Count && paired < settings.FanOut; j++)
            {
                var b = peaks[j];
                int dt = b.Frame - a.Frame;
                if (dt < 1) continue;
                if (dt > settings.MaxDeltaFrames) break;
                int df = b.Bin - a.Bin;
                if (Math.Abs(df) > settings.MaxDeltaBins) continue;
                landmarks.Add(new Landmark(Hash(a.Bin, df, dt), a.Frame));
                paired++;
            }
        }
        return landmarks;
    }
}
