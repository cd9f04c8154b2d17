namespace TuneBot.Core.Features;

/// <summary>
/// A feature over time: <see cref="Rows"/> coefficients × <see cref="Frames"/> frames, stored row-major
/// (row r is <c>Data[r * Frames .. (r + 1) * Frames]</c>), the same orientation as librosa's arrays and the
/// reference CSVs (rows = coefficients, columns = frames).
/// </summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(int rows, int frames) : this(rows, frames, new float[checked(rows * frames)]) { }

    public FeatureMatrix(int rows, int frames, float[] data)
    {
        if (data.Length != rows * frames) throw new ArgumentException("Data length must be rows × frames.", nameof(data));
        Rows = rows;
        Frames = frames;
        Data = data;
    }

    public int Rows { get; }
    public int Frames { get; }
    public float[] Data { get; }

    public Span<float> Row(int r) => Data.AsSpan(r * Frames, Frames);
    public float this[int row, int frame]
    {
        get => Data[row * Frames + frame];
        set => Data[row * Frames + frame] = value;
    }

    /// <summary>Per-row mean over frames.</summary>
    public double[] RowMeans()
    {
        var result = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            double sum = 0;
            foreach (var v in Row(r)) sum += v;
            result[r] = Frames == 0 ? 0 : sum / Frames;
        }
        return result;
    }

    /// <summary>Per-row population standard deviation over frames (numpy's default ddof = 0).</summary>
    public double[] RowStandardDeviations()
    {
        var means = RowMeans();
        var result = new double[Rows];
        for (int r = 0; r < Rows; r++)
        {
            double acc = 0;
            foreach (var v in Row(r)) { double d = v - means[r]; acc += d * d; }
            result[r] = Frames == 0 ? 0 : Math.Sqrt(acc / Frames);
        }
        return result;
    }
}
