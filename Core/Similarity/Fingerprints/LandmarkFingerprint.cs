using TuneBot.Core.Features;

namespace TuneBot.Core.Similarity.Fingerprints;

/// <summary>
/// The landmarks of a signal (22050 Hz mono PCM): STFT (<see cref="Stft"/>) → <see cref="PeakPicker"/> →
/// <see cref="LandmarkHasher"/>; and their stored form, 5 bytes a landmark (3 for the 21-bit hash, 2 for the frame).
/// </summary>
public static class LandmarkFingerprint
{
    /// <summary>Frames representable in storage and in the index (≈ 12.7 min at 23 ms; ingest analyses ≤ 10 min).</summary>
    public const int MaxFrame = (1 << 15) - 1;

    public static List<Landmark> Compute(ReadOnlySpan<float> samples, LandmarkSettings? settings = null)
    {
        settings ??= LandmarkSettings.Default;
        if (samples.Length < settings.NFft) return [];
        var spectrogram = Stft.Compute(samples, LandmarkSettings.SampleRate, settings.NFft, settings.HopLength);
        var landmarks = LandmarkHasher.Pair(PeakPicker.Pick(spectrogram, settings), settings);
        landmarks.RemoveAll(l => l.Frame > MaxFrame);
        return landmarks;
    }

    /// <summary>
    /// A query's landmarks, analysed at <paramref name="shifts"/> (default <see cref="LandmarkSettings.QueryShifts"/>) sub-frame offsets (hop / shifts samples apart) and
    /// merged: a clip starts anywhere within a track's frame, and the frame grid shifted by a fraction of a hop moves
    /// peaks; one of the shifted grids lines up within an eighth of a frame or so (audfprint's "--shifts" idea).
    /// </summary>
    public static List<Landmark> ComputeQuery(ReadOnlySpan<float> samples, int? shifts = null, LandmarkSettings? settings = null)
    {
        settings ??= LandmarkSettings.Default;
        int n = Math.Max(1, shifts ?? settings.QueryShifts);
        var unique = new HashSet<Landmark>();
        for (int s = 0; s < n; s++)
        {
            int skip = s * settings.HopLength / n;
            if (samples.Length - skip < settings.NFft) break;
            unique.UnionWith(Compute(samples[skip..], settings));
        }
        var list = unique.ToList();
        list.Sort((a, b) => a.Frame != b.Frame ? a.Frame.CompareTo(b.Frame) : a.Hash.CompareTo(b.Hash));
        return list;
    }

    public static byte[] Encode(IReadOnlyList<Landmark> landmarks)
    {
        var data = new byte[landmarks.Count * 5];
        for (int i = 0; i < landmarks.Count; i++)
        {
            var (h, f) = (landmarks[i].Hash, landmarks[i].Frame);
            int o = i * 5;
            data[o] = (byte)h; data[o + 1] = (byte)(h >> 8); data[o + 2] = (byte)(h >> 16);
            data[o + 3] = (byte)f; data[o + 4] = (byte)(f >> 8);
        }
        return data;
    }

    /// <exception cref="FormatException">The blob is not a whole number of landmarks.</exception>
    public static Landmark[] Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length % 5 != 0) throw new FormatException($"A landmark blob of {data.Length} bytes is not a multiple of 5.");
        var landmarks = new Landmark[data.Length / 5];
        for (int i = 0; i < landmarks.Length; i++)
        {
            int o = i * 5;
            landmarks[i] = new Landmark(data[o] | (data[o + 1] << 8) | (data[o + 2] << 16), data[o + 3] | (data[o + 4] << 8));
        }
        return landmarks;
    }
}
