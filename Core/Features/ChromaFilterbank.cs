namespace TuneBot.Core.Features;

/// <summary>
/// librosa.filters.chroma (Ellis' chromagram_E): for every FFT bin a Gaussian bump around its pitch class
/// (width ≈ the bin's spacing in semitones, at least one), columns L2-normalised over the chroma bins, then
/// weighted by a Gaussian over octaves centred on octave 5 (ctroct) with 2 octaves' spread (octwidth); rows
/// rotated so row 0 is C. Dense: every weight is non-zero unless a band limit is given.
/// </summary>
public sealed class ChromaFilterbank
{
    private readonly float[] _weights; // Chroma × Bins, row-major

    /// <param name="sampleRate">Hz (default 22050).</param>
    /// <param name="nFft">FFT size (default 2048 → 1025 bins).</param>
    /// <param name="tuning">Tuning deviation from A440 in fractions of a chroma bin (see <see cref="Tuning"/>).</param>
    /// <param name="nChroma">Chroma bins per octave (default 12).</param>
    /// <param name="centerOctave">ctroct, centre of the octave weighting (default 5.0).</param>
    /// <param name="octaveWidth">octwidth, Gaussian half-width in octaves (default 2); null disables the weighting.</param>
    /// <param name="minHz">Bins below this frequency get weight 0 (default 0: librosa's full band).</param>
    /// <param name="maxHz">Bins above this frequency get weight 0 (default: none).</param>
    public ChromaFilterbank(int sampleRate = 22050, int nFft = Stft.DefaultNFft, double tuning = 0.0, int nChroma = 12,
        double centerOctave = 5.0, double? octaveWidth = 2.0, double minHz = 0, double maxHz = double.PositiveInfinity)
    {
        if (!(minHz >= 0) || !(maxHz > minHz)) throw new ArgumentOutOfRangeException(nameof(maxHz), "Need 0 ≤ minHz < maxHz.");
        if (nChroma < 1) throw new ArgumentOutOfRangeException(nameof(nChroma));
        if (nFft < 2) throw new ArgumentOutOfRangeException(nameof(nFft));
        SampleRate = sampleRate;
        NFft = nFft;
        Chroma = nChroma;
        Tuning = tuning;
        Bins = nFft / 2 + 1;

        // frqbins over all n_fft bins (librosa builds the full-width matrix and drops the aliased half at the end).
        double a440 = 440.0 * Math.Pow(2.0, tuning / nChroma);
        double octaveReference = a440 / 16;
        double step = (double)sampleRate / nFft; // np.linspace(0, sr, n_fft, endpoint=False)
        var frqbins = new double[nFft];
        for (int i = 1; i < nFft; i++) frqbins[i] = nChroma * Math.Log2(i * step / octaveReference);
        // The 0 Hz bin gets a made-up pitch 1.5 octaves below bin 1, so it is spread broadly across chroma.
        frqbins[0] = frqbins[1] - 1.5 * nChroma;
        var binWidth = new double[nFft];
        for (int i = 0; i < nFft - 1; i++) binWidth[i] = Math.Max(frqbins[i + 1] - frqbins[i], 1.0);
        binWidth[nFft - 1] = 1.0;

        double half = Math.Round(nChroma / 2.0, MidpointRounding.ToEven);
        var column = new double[nChroma];
        _weights = new float[nChroma * Bins];
        int roll = 3 * (nChroma / 12); // base_c: start the rows at C rather than A
        for (int k = 0; k < Bins; k++)
        {
            double norm = 0;
            for (int c = 0; c < nChroma; c++)
            {
                // Distance to chroma c, wrapped into [−n/2, n/2); 10·n keeps the remainder's argument positive.
                double d = frqbins[k] - c + half + 10 * nChroma;
                d = d - nChroma * Math.Floor(d / nChroma) - half;
                double z = 2 * d / binWidth[k];
                column[c] = Math.Exp(-0.5 * z * z);
                norm += column[c] * column[c];
            }
            norm = Math.Sqrt(norm);
            if (norm < 2.2250738585072014e-308) norm = 1; // util.normalize's tiny(float64) guard
            double octaveWeight = 1.0;
            if (octaveWidth is double width)
            {
                double o = (frqbins[k] / nChroma - centerOctave) / width;
                octaveWeight = Math.Exp(-0.5 * o * o);
            }
            // A band limit is not librosa's: it lets a phone clip and a full-band track weigh the same bins.
            double binHz = k * step;
            if (binHz < minHz || binHz > maxHz) octaveWeight = 0;
            for (int c = 0; c < nChroma; c++)
            {
                int row = ((c - roll) % nChroma + nChroma) % nChroma;
                _weights[row * Bins + k] = (float)(column[c] / norm * octaveWeight);
            }
        }
    }

    public int SampleRate { get; }
    public int NFft { get; }
    public int Chroma { get; }
    public int Bins { get; }
    public double Tuning { get; }

    /// <summary>The weights of chroma row <paramref name="chroma"/> (0 = C) over the FFT bins.</summary>
    public ReadOnlySpan<float> Row(int chroma) => _weights.AsSpan(chroma * Bins, Bins);

    public float this[int chroma, int bin] => _weights[chroma * Bins + bin];
}
