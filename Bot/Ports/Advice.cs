namespace TuneBot.Bot.Ports;

/// <summary>Why the music or emotion side could not answer; each kind has a friendly message.</summary>
public enum AdviceFailure
{
    /// <summary>The file holds no audio stream.</summary>
    NotAudio,
    /// <summary>The audio cannot be decoded.</summary>
    CorruptAudio,
    /// <summary>Shorter than the minimum useful clip (about 1 s).</summary>
    TooShort,
    /// <summary>Only silence.</summary>
    Silent,
    /// <summary>No tracks in the catalog yet.</summary>
    EmptyCatalog,
    /// <summary>Tracks, but not searchable yet: never clustered into themes, or analysed by an older feature version.</summary>
    NotReady,
    /// <summary>The track, theme or anchor asked for does not exist (any more).</summary>
    NotFound,
    /// <summary>Infrastructure down: database unreachable, model or ffmpeg missing.</summary>
    Unavailable,
}

/// <summary>A value, or a typed failure with an optional detail for logs (never shown verbatim to users).</summary>
public sealed record Advice<T>
{
    public T? Value { get; private init; }
    public AdviceFailure? Failure { get; private init; }
    public string? Detail { get; private init; }

    public bool Succeeded => Failure is null;

    public static Advice<T> Ok(T value) => new() { Value = value };
    public static Advice<T> Fail(AdviceFailure failure, string? detail = null) => new() { Failure = failure, Detail = detail };
}
