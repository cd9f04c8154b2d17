namespace TuneBot.CatalogTool.Benchmarks;

/// <summary>
/// Deterministic synthetic catalog for the search benchmark: <see cref="Clusters"/> cluster centres and, per
/// track, a mean-reverting random walk (Ornstein–Uhlenbeck) around its cluster's centre, so sequences wander like
/// normalised MFCC frames but stay in a bounded region and tracks of one cluster overlap. Track i is regenerated
/// bit-identically from (seed, i), so a benchmark never needs to keep the catalog in memory to cut queries.
/// Lengths are uniform over 1,300–3,900 frames: 2–6 minutes at the ~93 ms hop.
/// </summary>
public sealed class SyntheticCatalog
{
    /// <summary>Pull towards the centre per frame: a correlation time of ~20 frames (≈ 2 s), like a musical phrase.</summary>
    private const float Reversion = 0.05f;
    /// <summary>Step size; with <see cref="Reversion"/> the stationary deviation is ≈ 1, a normalised feature's.</summary>
    private const float StepStd = 0.31f;

    private readonly ulong _seed;
    private readonly float[] _centres;

    public SyntheticCatalog(int tracks, int dims, int clusters, ulong seed, int minFrames = 1300, int maxFrames = 3900)
    {
        Tracks = tracks; Dims = dims; Clusters = clusters; _seed = seed; MinFrames = minFrames; MaxFrames = maxFrames;
        _centres = new float[clusters * dims];
        var rng = new Rng(seed ^ 0xC1A5_7E25UL);
        // Centres ~N(0, 1.5²): neighbouring clusters overlap, as genres do.
        for (int i = 0; i < _centres.Length; i++) _centres[i] = rng.Gaussian() * 1.5f;
    }

    public int Tracks { get; }
    public int Dims { get; }
    public int Clusters { get; }
    public int MinFrames { get; }
    public int MaxFrames { get; }

    public int ClusterOf(int track) => (int)(Mix(_seed, (ulong)track, 1) % (ulong)Clusters);

    public int FramesOf(int track) => MinFrames + (int)(Mix(_seed, (ulong)track, 2) % (ulong)(MaxFrames - MinFrames + 1));

    /// <summary>Writes track <paramref name="track"/>'s frames (frame-major) into <paramref name="buffer"/>
    /// (grown when too small) and returns its frame count.</summary>
    public int Generate(int track, ref float[] buffer)
    {
        int frames = FramesOf(track), d = Dims;
        if (buffer.Length < frames * d) buffer = new float[frames * d];
        var centre = _centres.AsSpan(ClusterOf(track) * d, d);
        var rng = new Rng(Mix(_seed, (ulong)track, 3));
        Span<float> x = stackalloc float[d];
        for (int k = 0; k < d; k++) x[k] = centre[k] + rng.Gaussian();
        for (int t = 0; t < frames; t++)
        {
            var f = buffer.AsSpan(t * d, d);
            for (int k = 0; k < d; k++)
            {
                x[k] += Reversion * (centre[k] - x[k]) + StepStd * rng.FastGaussian();
                f[k] = x[k];
            }
        }
        return frames;
    }

    private static ulong Mix(ulong seed, ulong a, ulong b)
    {
        ulong z = seed + a * 0x9E3779B97F4A7C15UL + b * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Small allocation-free generator (a splitmix64 stream). <see cref="Gaussian"/> uses Box–Muller;
    /// <see cref="FastGaussian"/> draws from a fixed table of 65,536 Box–Muller samples, four per 64-bit draw —
    /// plenty Gaussian for a synthetic catalog and ~10× cheaper, which matters for 100,000 tracks × 60,000 values.</summary>
    public struct Rng(ulong state)
    {
        private static readonly float[] Table = BuildTable();
        private ulong _s = state;
        private float _spare = float.NaN;
        private ulong _bits;
        private int _bitsLeft;

        public ulong Next()
        {
            ulong z = _s += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in (0, 1].</summary>
        public double Uniform() => ((Next() >> 11) + 1) * (1.0 / 9007199254740992.0);

        public float Gaussian()
        {
            if (!float.IsNaN(_spare)) { float s = _spare; _spare = float.NaN; return s; }
            double r = Math.Sqrt(-2 * Math.Log(Uniform())), a = 2 * Math.PI * Uniform();
            _spare = (float)(r * Math.Sin(a));
            return (float)(r * Math.Cos(a));
        }

        public float FastGaussian()
        {
            if (_bitsLeft == 0) { _bits = Next(); _bitsLeft = 4; }
            float v = Table[(int)(_bits & 0xFFFF)];
            _bits >>= 16;
            _bitsLeft--;
            return v;
        }

        private static float[] BuildTable()
        {
            var rng = new Rng(0x5EED_7AB1EUL);
            var t = new float[65536];
            for (int i = 0; i < t.Length; i++) t[i] = rng.Gaussian();
            return t;
        }
    }
}
