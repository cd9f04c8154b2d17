namespace TuneBot.Core.Features;

/// <summary>
/// librosa.feature.mfcc with its defaults: 20 coefficients, DCT-II (orthonormal) over the dB mel spectrogram
/// (power_to_db with ref 1, amin 1e-10, top_db 80) of a 128-band Slaney mel power spectrogram.
/// </summary>
public static class Mfcc
{
    public const int DefaultCoefficients = 20;

    private static readonly Lazy<Dct> DefaultDct = new(() => new Dct(128, DefaultCoefficients));

    /// <summary>MFCCs from a dB mel spectrogram (Mels × T, as <see cref="Decibels.PowerToDb(FeatureMatrix, double, double, double?)"/> returns).</summary>
    /// <param name="melDb">dB mel spectrogram, Mels × T.</param>
    /// <param name="coefficients">Number of coefficients kept (default 20).</param>
    /// <returns><paramref name="coefficients"/> × T.</returns>
    public static FeatureMatrix FromMelDb(FeatureMatrix melDb, int coefficients = DefaultCoefficients)
    {
        var dct = melDb.Rows == 128 && coefficients == DefaultCoefficients ? DefaultDct.Value : new Dct(melDb.Rows, coefficients);
        return dct.Transform(melDb);
    }

    /// <summary>
    /// MFCCs straight from a spectrogram through <paramref name="filterbank"/> (default: 128 mels, 0 Hz – Nyquist);
    /// e.g. a band-limited 40-mel 300–3400 Hz bank for voice-note queries.
    /// </summary>
    /// <returns><paramref name="coefficients"/> × T.</returns>
    public static FeatureMatrix Compute(Spectrogram spectrogram, MelFilterbank? filterbank = null, int coefficients = DefaultCoefficients)
    {
        var melPower = (filterbank ?? MelFilterbank.Default).Apply(spectrogram);
        Decibels.PowerToDb(melPower.Data, melPower.Data);
        return FromMelDb(melPower, coefficients);
    }
}
