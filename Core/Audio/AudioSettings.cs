namespace TuneBot.Core.Audio;

/// <summary>
/// The "Audio" configuration section (appsettings.json, or environment variables such as
/// <c>Audio__QueryMaxSeconds</c>): where ffmpeg lives and the decode bounds.
/// </summary>
public sealed class AudioSettings
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Audio";

    /// <summary>ffmpeg executable, a name on PATH or a full path. Default "ffmpeg".</summary>
    public string FfmpegPath { get; set; } = "ffmpeg";

    /// <summary>ffprobe executable, a name on PATH or a full path. Default "ffprobe".</summary>
    public string FfprobePath { get; set; } = "ffprobe";

    /// <summary>Longest part of a query clip (voice note) analysed, in seconds; longer clips are cut. Default 60.</summary>
    public double QueryMaxSeconds { get; set; } = 60;

    /// <summary>Longest part of a catalog track analysed, in seconds; longer tracks are cut. Default 600.</summary>
    public double IngestMaxSeconds { get; set; } = 600;

    /// <summary>Timeout of one decode, in seconds. Default 120.</summary>
    public double DecodeTimeoutSeconds { get; set; } = 120;

    /// <summary>Shortest clip accepted, in seconds. Default 1.</summary>
    public double MinSeconds { get; set; } = 1;

    /// <summary>Decode options for a query clip.</summary>
    public DecodeOptions ToQueryOptions() => DecodeOptions.Query with
    {
        MaxDuration = TimeSpan.FromSeconds(QueryMaxSeconds),
        Timeout = TimeSpan.FromSeconds(Math.Min(DecodeTimeoutSeconds, DecodeOptions.Query.Timeout.TotalSeconds)),
        MinDuration = TimeSpan.FromSeconds(MinSeconds),
    };

    /// <summary>Decode options for catalog ingest.</summary>
    public DecodeOptions ToIngestOptions() => DecodeOptions.Ingest with
    {
        MaxDuration = TimeSpan.FromSeconds(IngestMaxSeconds),
        Timeout = TimeSpan.FromSeconds(DecodeTimeoutSeconds),
        MinDuration = TimeSpan.FromSeconds(MinSeconds),
    };
}
