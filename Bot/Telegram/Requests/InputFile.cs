namespace TuneBot.Bot.Telegram.Requests;

/// <summary>
/// A file to upload with multipart/form-data (sendAudio, sendPhoto). The bytes are held in memory so that a
/// retried request can send them again; uploads here are small (a 30 s preview, a map image).
/// </summary>
/// <param name="FileName">Name shown to the user, e.g. "preview.mp3".</param>
/// <param name="Content">The file's bytes.</param>
/// <param name="ContentType">MIME type, e.g. "audio/mpeg" or "image/png".</param>
public sealed record InputFile(string FileName, ReadOnlyMemory<byte> Content, string ContentType);
