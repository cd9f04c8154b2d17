namespace TuneBot.Core.Evaluation;

/// <summary>The ways a song played in a room reaches the bot as a phone voice note.</summary>
[Flags]
public enum Degradation
{
    None = 0,
    /// <summary>Opus at 24–32 kbps through ffmpeg's libopus, as Telegram voice notes are.</summary>
    Opus = 1,
    /// <summary>Pink noise 10 dB below the music (a room, a street).</summary>
    Noise = 2,
    /// <summary>A small room's reverberation (RT60 0.25–0.5 s).</summary>
    Room = 4,
    /// <summary>A phone microphone: 200–3800 Hz band and dynamic range compression.</summary>
    Phone = 8,
    All = Opus | Noise | Room | Phone,
}
