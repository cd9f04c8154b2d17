namespace TuneBot.Core.Features;

/// <summary>
/// Reuse of the large per-clip float buffers (the spectrogram's frames × bins arrays, HPSS's mask and signals).
/// Unlike <see cref="System.Buffers.ArrayPool{T}.Shared"/>, which rounds every request up to a power of two and keeps
/// arrays per size class, per core and per thread (so an ingest of tracks of mixed lengths kept several size classes
/// of 32–128 MB arrays resident), this keeps one short list of exact-size arrays, hands out the smallest that fits,
/// and lets the GC have any that would take the buffers held (lent plus idle) over <see cref="MaxHeldBytes"/>.
/// </summary>
internal static class LargeBufferPool
{
    /// <summary>Lent plus idle bytes above which returned arrays are dropped: two workers' buffers for a 4-minute track.</summary>
    public const long MaxHeldBytes = 640L << 20;

    private static readonly List<float[]> Idle = [];
    private static long _idleBytes;
    private static long _lentBytes;

    /// <summary>An array of at least <paramref name="length"/> floats with arbitrary contents.</summary>
    public static float[] Rent(int length)
    {
        lock (Idle)
        {
            int best = -1;
            for (int i = 0; i < Idle.Count; i++)
                if (Idle[i].Length >= length && (best < 0 || Idle[i].Length < Idle[best].Length)) best = i;
            if (best >= 0)
            {
                var found = Idle[best];
                Idle.RemoveAt(best);
                _idleBytes -= Bytes(found);
                _lentBytes += Bytes(found);
                return found;
            }
        }
        var array = GC.AllocateUninitializedArray<float>(length);
        lock (Idle) _lentBytes += Bytes(array);
        return array;
    }

    /// <summary>Takes back an array from <see cref="Rent"/>; it must not be used afterwards.</summary>
    public static void Return(float[] array)
    {
        lock (Idle)
        {
            _lentBytes -= Bytes(array);
            Idle.Add(array);
            _idleBytes += Bytes(array);
            // Over budget: drop the smallest idle arrays first (a large one serves any shorter clip too).
            while (_idleBytes > 0 && _idleBytes + _lentBytes > MaxHeldBytes)
            {
                int smallest = 0;
                for (int i = 1; i < Idle.Count; i++)
                    if (Idle[i].Length < Idle[smallest].Length) smallest = i;
                _idleBytes -= Bytes(Idle[smallest]);
                Idle.RemoveAt(smallest);
            }
        }
    }

    private static long Bytes(float[] array) => array.LongLength * sizeof(float);
}
