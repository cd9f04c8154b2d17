namespace TuneBot.Core.Features;

/// <summary>
/// librosa.onset.onset_strength with its defaults: spectral flux of the dB mel spectrogram with lag 1 and
/// max_size 1 (no reference maximum filter), negative differences dropped, mean over mel bands, then shifted by
/// lag + n_fft / (2·hop) frames (zeros in front, center = True) and trimmed to the spectrogram's frame count.
/// </summary>
public static class OnsetStrength
{
    /// <summary>Onset strength envelope, one value per frame.</summary>
    /// <param name="melDb">dB mel spectrogram, Mels × T (power_to_db of the 128-band mel power spectrogram, ref 1, top_db 80).</param>
    /// <param name="lag">Frames between the compared spectra (librosa default 1).</param>
    /// <param name="nFft">FFT size of the STFT behind <paramref name="melDb"/> (default 2048); sets the centring shift.</param>
    /// <param name="hopLength">Hop of that STFT in samples (default 512).</param>
    /// <returns>T values, the first lag + n_fft / (2·hop) of them 0.</returns>
    public static float[] Compute(FeatureMatrix melDb, int lag = 1, int nFft = Stft.DefaultNFft, int hopLength = Stft.DefaultHopLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lag, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hopLength, 1);
        int frames = melDb.Frames, bands = melDb.Rows;
        int shift = lag + nFft / (2 * hopLength);
        var envelope = new float[frames];
        int count = frames - shift; // flux values that survive the trim
        if (count <= 0 || bands == 0) return envelope;
        var flux = envelope.AsSpan(shift, count);
        var data = melDb.Data;
        // numpy reduces over the band axis one band at a time in float32; the same order here.
        for (int b = 0; b < bands; b++)
        {
            var row = data.AsSpan(b * frames, frames);
            var later = row.Slice(lag, count);
            var earlier = row.Slice(0, count);
            for (int j = 0; j < count; j++) flux[j] += MathF.Max(0f, later[j] - earlier[j]);
        }
        float inverse = bands;
        for (int j = 0; j < count; j++) flux[j] /= inverse;
        return envelope;
    }
}
