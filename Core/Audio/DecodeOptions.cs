namespace TuneBot.Core.Audio;

/// <summary>
/// How <see cref="AudioDecoder"/> decodes: target rate and the bounds that keep a hostile or huge input cheap.
/// </summary>
public sealed record DecodeOptions
{
    /// <summary>Output sample rate in Hz. Default 22050, librosa's <c>load</c> default.</summary>
    public int SampleRate { get; init; } = 22050;

    /// <summary>Longest audio decoded. Longer input is cut here when <see cref="TruncateLongInput"/> is set,
    /// otherwise it fails with <see cref="DecodeFailureKind.TooLong"/>. Default 10 minutes.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Keep the first <see cref="MaxDuration"/> of a longer input instead of rejecting it. Default true.</summary>
    public bool TruncateLongInput { get; init; } = true;

    /// <summary>Wall-clock limit for the whole decode; ffmpeg's process tree is killed after it. Default 2 minutes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Shortest audio accepted. Default 1 s: shorter clips hold fewer than ~43 STFT frames, too few for
    /// tempo or a meaningful DTW match.</summary>
    public TimeSpan MinDuration { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Linear peak amplitude (full scale = 1.0) below which the whole clip counts as silent. Default 0.001,
    /// i.e. −60 dBFS: quieter than the noise floor of a phone microphone in a quiet room, so a clip whose
    /// loudest sample stays below it carries no music, only digital silence or near-silence.
    /// </summary>
    public float SilencePeakThreshold { get; init; } = 0.001f;

    /// <summary>Whether decoded samples count as silent: their peak stays below <see cref="SilencePeakThreshold"/>.</summary>
    public bool IsSilent(ReadOnlySpan<float> samples) => Peak(samples) < SilencePeakThreshold;

    /// <summary>The largest absolute sample value.</summary>
    public static float Peak(ReadOnlySpan<float> samples)
    {
        float peak = 0;
        foreach (float s in samples) peak = Math.Max(peak, Math.Abs(s));
        return peak;
    }

    /// <summary>For a user's query clip (a voice note): at most 60 s (the first minute is kept), 30 s timeout.</summary>
    public static DecodeOptions Query { get; } = new()
    {
        MaxDuration = TimeSpan.FromSeconds(60),
        TruncateLongInput = true,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>For catalog ingest: at most 10 minutes per track (the first 10 minutes are kept), 2 minute timeout.</summary>
    public static DecodeOptions Ingest { get; } = new()
    {
        MaxDuration = TimeSpan.FromMinutes(10),
        TruncateLongInput = true,
        Timeout = TimeSpan.FromMinutes(2),
    };
}
