namespace TuneBot.Core.Audio;

/// <summary>Why a piece of audio could not be decoded into something worth analysing.</summary>
public enum DecodeFailureKind
{
    /// <summary>The input is not a format ffmpeg recognises as audio (e.g. a text file named .mp3), has no
    /// audio stream, or the file does not exist.</summary>
    NotAudio,

    /// <summary>The input looks like audio but is damaged: truncated, bad headers, undecodable frames.</summary>
    Corrupt,

    /// <summary>The input has no bytes, or decodes to zero samples.</summary>
    Empty,

    /// <summary>The decoded audio is shorter than <see cref="DecodeOptions.MinDuration"/>.</summary>
    TooShort,

    /// <summary>The decoded audio never rises above <see cref="DecodeOptions.SilencePeakThreshold"/>.</summary>
    Silent,

    /// <summary>The decoded audio is longer than <see cref="DecodeOptions.MaxDuration"/> and truncation is off.</summary>
    TooLong,

    /// <summary>The ffmpeg executable could not be started.</summary>
    FfmpegMissing,

    /// <summary>Decoding took longer than <see cref="DecodeOptions.Timeout"/>; ffmpeg was killed.</summary>
    TimedOut,
}
