namespace TuneBot.Bot.Telegram.Requests;

/// <summary>sendAudio's fields besides the chat: the MP3/M4A file (≤ 50 MB) and its tags.</summary>
/// <param name="File">The audio bytes.</param>
/// <param name="Title">Track title shown by the client.</param>
/// <param name="Performer">Artist shown by the client.</param>
/// <param name="DurationSeconds">Duration in whole seconds.</param>
/// <param name="Caption">Optional HTML caption (0–1024 characters).</param>
public sealed record AudioUpload(InputFile File, string? Title, string? Performer, int? DurationSeconds, string? Caption = null);
