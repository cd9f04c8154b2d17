namespace TuneBot.Core.Audio;

/// <summary>Decoded audio: mono float32 samples in [-1, 1] at <see cref="SampleRate"/>.</summary>
public sealed class DecodedAudio
{
    /// <summary>Creates decoded audio.</summary>
    /// <param name="samples">Mono samples (mean of the source channels), length = duration × rate.</param>
    /// <param name="sampleRate">Sample rate in Hz.</param>
    /// <param name="truncated">True when the input was longer than the decode bound and was cut.</param>
    public DecodedAudio(float[] samples, int sampleRate, bool truncated)
    {
        Samples = samples;
        SampleRate = sampleRate;
        Truncated = truncated;
    }

    /// <summary>Mono samples, mean of the source's channels (like librosa's <c>to_mono</c>).</summary>
    public float[] Samples { get; }

    /// <summary>Sample rate in Hz.</summary>
    public int SampleRate { get; }

    /// <summary>Duration in seconds: <c>Samples.Length / SampleRate</c>.</summary>
    public double DurationSeconds => (double)Samples.Length / SampleRate;

    /// <summary>True when the input was longer than <see cref="DecodeOptions.MaxDuration"/> and only its start was kept.</summary>
    public bool Truncated { get; }
}
