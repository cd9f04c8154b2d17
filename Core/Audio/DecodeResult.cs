using System.Diagnostics.CodeAnalysis;

namespace TuneBot.Core.Audio;

/// <summary>The outcome of a decode: either <see cref="Audio"/>, or a <see cref="Failure"/> kind with a
/// <see cref="Reason"/> a user can read.</summary>
public sealed class DecodeResult
{
    private DecodeResult(DecodedAudio? audio, DecodeFailureKind? failure, string? reason)
    {
        Audio = audio;
        Failure = failure;
        Reason = reason;
    }

    /// <summary>True when <see cref="Audio"/> holds the decoded clip.</summary>
    [MemberNotNullWhen(true, nameof(Audio))]
    [MemberNotNullWhen(false, nameof(Failure), nameof(Reason))]
    public bool Success => Audio is not null;

    /// <summary>The decoded audio, when <see cref="Success"/>.</summary>
    public DecodedAudio? Audio { get; }

    /// <summary>What went wrong, when not <see cref="Success"/>.</summary>
    public DecodeFailureKind? Failure { get; }

    /// <summary>One line, for a user, saying what went wrong; null on success.</summary>
    public string? Reason { get; }

    /// <summary>A successful result.</summary>
    public static DecodeResult Ok(DecodedAudio audio) => new(audio, null, null);

    /// <summary>A failed result with its kind and a one-line reason.</summary>
    public static DecodeResult Fail(DecodeFailureKind kind, string reason) => new(null, kind, reason);

    /// <inheritdoc />
    public override string ToString() =>
        Success ? $"ok: {Audio.DurationSeconds:0.###} s at {Audio.SampleRate} Hz{(Audio.Truncated ? " (truncated)" : "")}"
                : $"{Failure}: {Reason}";
}
