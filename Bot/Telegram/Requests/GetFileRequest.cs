namespace TuneBot.Bot.Telegram.Requests;

/// <summary>getFile ("Available methods"): resolves a file_id to a downloadable file_path (≤ 20 MB).</summary>
public sealed record GetFileRequest
{
    public required string FileId { get; init; }
}
