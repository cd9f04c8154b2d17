namespace TuneBot.Bot.Ports;

/// <summary>A short audio excerpt ready for sendAudio.</summary>
/// <param name="Audio">MP3 (or M4A) bytes, ≤ 50 MB.</param>
/// <param name="FileName">e.g. "preview.mp3".</param>
/// <param name="ContentType">e.g. "audio/mpeg".</param>
/// <param name="Title">Track title tag.</param>
/// <param name="Performer">Artist tag.</param>
/// <param name="DurationSeconds">Excerpt length in whole seconds (usually 30).</param>
public sealed record PreviewClip(ReadOnlyMemory<byte> Audio, string FileName, string ContentType, string Title, string Performer, int DurationSeconds);

/// <summary>The catalog map as an image (PNG, ≤ 10 MB, width + height ≤ 10000).</summary>
public sealed record MapImage(ReadOnlyMemory<byte> Png);
