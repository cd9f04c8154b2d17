using Microsoft.Extensions.Logging;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using TuneBot.Bot.Ports;

namespace TuneBot.Bot.Handlers;

/// <summary>
/// Voice notes, audio files, audio documents and round videos: "typing…", download (≤ 20 MB, refused before
/// downloading when the announced size is larger), recommend, reply with the playlist. The downloaded clip
/// lives in a file of the <see cref="ClipFolder"/> only for the recommender's call and is deleted right after (privacy).
/// </summary>
public sealed class ClipHandler(IMusicAdvisor advisor, ClipFolder folder, ILogger<ClipHandler> logger)
{
    /// <summary>What the message carries, or null when it is a document that is not audio.</summary>
    public static (string FileId, long? Size, string Extension)? ClipOf(Message message) => message switch
    {
        { Voice: { } v } => (v.FileId, v.FileSize, ".ogg"),
        { Audio: { } a } => (a.FileId, a.FileSize, ExtensionOf(a.FileName, a.MimeType, ".mp3")),
        { VideoNote: { } n } => (n.FileId, n.FileSize, ".mp4"),
        { Document: { } d } when IsAudioDocument(d) => (d.FileId, d.FileSize, ExtensionOf(d.FileName, d.MimeType, ".audio")),
        _ => null,
    };

    /// <summary>Documents are accepted when their MIME type is audio/* (or application/ogg, which Telegram uses for some OGG files).</summary>
    public static bool IsAudioDocument(Document d) =>
        d.MimeType is { } m && (m.StartsWith("audio/", StringComparison.OrdinalIgnoreCase) || m.Equals("application/ogg", StringComparison.OrdinalIgnoreCase));

    public async Task HandleAsync(ChatContext ctx, Message message, CancellationToken ct)
    {
        if (ClipOf(message) is not { } clip)
        {
            await ctx.Replies.SendTextAsync(ctx.Text.NotAudioDocument, ct: ct).ConfigureAwait(false);
            return;
        }
        var limitMb = ctx.Attachments.MaxBytes / (1024 * 1024);
        if (clip.Size > ctx.Attachments.MaxBytes)
        {
            await ctx.Replies.SendTextAsync(ctx.Text.TooLarge(limitMb), ct: ct).ConfigureAwait(false);
            return;
        }
        await ctx.Replies.SendTypingAsync(ct).ConfigureAwait(false);

        var path = folder.NewClipPath(clip.Extension);
        Advice<Playlist> advice;
        using var working = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var typing = KeepTypingAsync(ctx.Replies, working.Token);
        try
        {
            try
            {
                await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, 81920, useAsync: true);
                await ctx.Attachments.DownloadAsync(clip.FileId, clip.Size, file, ct).ConfigureAwait(false);
            }
            catch (FileTooLargeException)
            {
                await ctx.Replies.SendTextAsync(ctx.Text.TooLarge(limitMb), ct: ct).ConfigureAwait(false);
                return;
            }
            catch (RequestException ex) when (IsGone(ex))
            {
                // An expired file_id (getFile 400) or a file the server no longer has (404): only a new upload helps.
                logger.LogInformation("Clip not downloadable: {Error}", ex.Message);
                await ctx.Replies.SendTextAsync(ctx.Text.DownloadFailed, ct: ct).ConfigureAwait(false);
                return;
            }
            advice = await advisor.RecommendFromClipAsync(path, ct).ConfigureAwait(false);
        }
        finally
        {
            TryDelete(path);
            await working.CancelAsync().ConfigureAwait(false);
            await typing.ConfigureAwait(false);
        }

        if (!advice.Succeeded)
        {
            logger.LogInformation("Clip not usable: {Failure} {Detail}", advice.Failure, advice.Detail);
            await ctx.Replies.SendTextAsync(ctx.Text.For(advice.Failure!.Value), ct: ct).ConfigureAwait(false);
            return;
        }
        var playlist = advice.Value!;
        await ctx.Replies.SendTextAsync(PlaylistFormatter.Text(playlist, ctx.Text), PlaylistFormatter.Buttons(playlist, ctx.Text), ct)
            .ConfigureAwait(false);
    }

    private static bool IsGone(RequestException ex) =>
        ex is ApiRequestException { ErrorCode: 400 or 404 } || ex.HttpStatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest;

    /// <summary>Telegram shows "typing…" for about 5 s; repeat it while a long recommendation runs.</summary>
    private static async Task KeepTypingAsync(IChatReplies replies, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(4.5), ct).ConfigureAwait(false);
                await replies.SendTypingAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The clip is done (or the bot is stopping).
        }
    }

    private void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException ex) { logger.LogWarning("Temporary clip not deleted: {Error}", ex.Message); }
        catch (UnauthorizedAccessException ex) { logger.LogWarning("Temporary clip not deleted: {Error}", ex.Message); }
    }

    private static string ExtensionOf(string? fileName, string? mime, string fallback)
    {
        var ext = Path.GetExtension(fileName ?? "");
        if (ext.Length is > 1 and <= 6 && ext[1..].All(char.IsAsciiLetterOrDigit)) return ext.ToLowerInvariant();
        return mime?.ToLowerInvariant() switch
        {
            "audio/mpeg" or "audio/mp3" => ".mp3",
            "audio/ogg" or "application/ogg" => ".ogg",
            "audio/mp4" or "audio/x-m4a" or "audio/m4a" => ".m4a",
            "audio/wav" or "audio/x-wav" or "audio/wave" => ".wav",
            "audio/flac" or "audio/x-flac" => ".flac",
            _ => fallback,
        };
    }
}
