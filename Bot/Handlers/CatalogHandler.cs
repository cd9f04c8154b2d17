using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TuneBot.Bot.Ports;

namespace TuneBot.Bot.Handlers;

/// <summary>
/// Catalog-side requests: /similar TITLE (and plain text that clearly names a track), "More like this",
/// "▶ i" previews (sendAudio), and the map (/map, "🗺 Map").
/// </summary>
public sealed class CatalogHandler(IMusicAdvisor advisor, IOptions<BotOptions> options, ILogger<CatalogHandler> logger)
{
    /// <summary>/similar: one clear match → its similar tracks; several → a choice; none → says so.</summary>
    public async Task SimilarAsync(ChatContext ctx, string query, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            await ctx.Replies.SendTextAsync(ctx.Text.SimilarUsage, ct: ct).ConfigureAwait(false);
            return;
        }
        var found = await advisor.FindTracksAsync(query, options.Value.SimilarChoices, ct).ConfigureAwait(false);
        if (!found.Succeeded)
        {
            await ctx.Replies.SendTextAsync(ctx.Text.For(found.Failure!.Value), ct: ct).ConfigureAwait(false);
            return;
        }
        var candidates = found.Value!;
        if (candidates.Count == 0)
        {
            await ctx.Replies.SendTextAsync(PlaylistFormatter.Html(ctx.Text.NoTrackFound(Shorten(query))), ct: ct).ConfigureAwait(false);
            return;
        }
        if (candidates.Count == 1 || candidates[0].Score >= options.Value.TrackNameMatchScore)
        {
            await SendSimilarAsync(ctx, candidates[0].TrackId, Label(candidates[0]), ct).ConfigureAwait(false);
            return;
        }
        var buttons = candidates
            .Select(c => (IReadOnlyList<ChatButton>)[new ChatButton(Label(c), CallbackData.ForSimilar(c.TrackId))])
            .ToList();
        await ctx.Replies.SendTextAsync(ctx.Text.WhichTrack, buttons, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A plain message that clearly names a catalog track (best match score ≥ <see cref="BotOptions.TrackNameMatchScore"/>)
    /// is answered with tracks like it; returns false (nothing sent) otherwise, so the text goes to the mood flow.
    /// </summary>
    public async Task<bool> TryHandleTrackNameAsync(ChatContext ctx, string text, CancellationToken ct)
    {
        if (text.Length > 120) return false; // a title is short; long text is someone telling how they feel
        var found = await advisor.FindTracksAsync(text, 1, ct).ConfigureAwait(false);
        if (!found.Succeeded || found.Value!.Count == 0 || found.Value[0].Score < options.Value.TrackNameMatchScore)
            return false;
        await SendSimilarAsync(ctx, found.Value[0].TrackId, Label(found.Value[0]), ct).ConfigureAwait(false);
        return true;
    }

    public async Task SendMapAsync(ChatContext ctx, string? anchor, CancellationToken ct)
    {
        var map = await advisor.MapAsync(anchor, ctx.Text.Code, ct).ConfigureAwait(false);
        if (!map.Succeeded)
        {
            await ctx.Replies.SendTextAsync(ctx.Text.For(map.Failure!.Value), ct: ct).ConfigureAwait(false);
            return;
        }
        await ctx.Replies.SendPhotoAsync(map.Value!, ctx.Text.MapCaption, ct).ConfigureAwait(false);
    }

    /// <summary>Preview, more, map and similar-choice buttons; false when the data is malformed.</summary>
    public async Task<bool> HandleCallbackAsync(ChatContext ctx, char verb, string[] args, CancellationToken ct)
    {
        switch (verb)
        {
            case CallbackData.Preview when args.Length == 2 && CallbackData.TryLong(args[0], out var trackId) && CallbackData.TryInt(args[1], out var start):
            {
                await ctx.Replies.AnswerCallbackAsync(ct: ct).ConfigureAwait(false);
                var clip = await advisor.PreviewAsync(trackId, start, ct).ConfigureAwait(false);
                if (!clip.Succeeded)
                {
                    logger.LogInformation("Preview unavailable: {Failure} {Detail}", clip.Failure, clip.Detail);
                    await ctx.Replies.SendTextAsync(ctx.Text.For(clip.Failure!.Value), ct: ct).ConfigureAwait(false);
                    return true;
                }
                await ctx.Replies.SendAudioAsync(clip.Value!, null, ct).ConfigureAwait(false);
                return true;
            }
            case CallbackData.More when args.Length == 1 && args[0].Length > 0:
            {
                await ctx.Replies.AnswerCallbackAsync(ct: ct).ConfigureAwait(false);
                var more = await advisor.MoreLikeAsync(args[0], ct).ConfigureAwait(false);
                await SendPlaylistOrFailureAsync(ctx, more, null, ct).ConfigureAwait(false);
                return true;
            }
            case CallbackData.Map when args.Length <= 1:
                await ctx.Replies.AnswerCallbackAsync(ct: ct).ConfigureAwait(false);
                await SendMapAsync(ctx, args.Length == 1 ? args[0] : null, ct).ConfigureAwait(false);
                return true;
            case CallbackData.Similar when args.Length == 1 && CallbackData.TryLong(args[0], out var id):
                await ctx.Replies.AnswerCallbackAsync(ct: ct).ConfigureAwait(false);
                await SendSimilarAsync(ctx, id, null, ct).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    private async Task SendSimilarAsync(ChatContext ctx, long trackId, string? label, CancellationToken ct)
    {
        var similar = await advisor.SimilarToTrackAsync(trackId, ct).ConfigureAwait(false);
        var heading = label is null ? null : PlaylistFormatter.Html(ctx.Text.LikeTrack(label));
        await SendPlaylistOrFailureAsync(ctx, similar, heading, ct).ConfigureAwait(false);
    }

    private static async Task SendPlaylistOrFailureAsync(ChatContext ctx, Advice<Playlist> playlist, string? heading, CancellationToken ct)
    {
        if (!playlist.Succeeded)
        {
            await ctx.Replies.SendTextAsync(ctx.Text.For(playlist.Failure!.Value), ct: ct).ConfigureAwait(false);
            return;
        }
        await ctx.Replies.SendTextAsync(PlaylistFormatter.Text(playlist.Value!, ctx.Text, heading),
            PlaylistFormatter.Buttons(playlist.Value!, ctx.Text), ct).ConfigureAwait(false);
    }

    private static string Label(TrackCandidate c) => $"{Shorten(c.Artist)} – {Shorten(c.Title)}";

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..39] + "…";
}
