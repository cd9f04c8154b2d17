using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Exceptions;
using TuneBot.Bot.Inbox;
using TuneBot.Bot.Localization;
using TuneBot.Bot.State;
using TuneBot.Bot.Transport;
using TuneBot.Core.Storage;

namespace TuneBot.Bot.Handlers;

/// <summary>
/// Routes one update to its handler — commands, button presses, clips, free text — and makes sure one user's
/// input never breaks the bot: any exception is logged (never with the message text) and answered with a
/// friendly apology, or a "database down" message for database faults.
/// </summary>
public sealed class UpdateRouter(
    ClipHandler clips,
    MoodHandler moods,
    CatalogHandler catalog,
    IBotStateStore store,
    ChatLanguages languages,
    IOptions<TelegramOptions> telegramOptions,
    IOptions<InboxOptions> inboxOptions,
    ILogger<UpdateRouter> logger)
{
    private readonly HashSet<long> _admins = [.. telegramOptions.Value.AdminChatIds];

    /// <summary>
    /// Handles the update; throws only <see cref="OperationCanceledException"/> when <paramref name="ct"/> is cancelled, and a
    /// transient <see cref="RequestException"/> when a reply could not be delivered yet (the caller retries the update).
    /// </summary>
    public async Task HandleAsync(ChatContext ctx, CancellationToken ct)
    {
        try
        {
            await RouteAsync(ctx, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (ApiRequestException ex) when (ex.ErrorCode is 400 or 403)
        {
            // 403: the user blocked the bot; 400: a reply Telegram refuses. Another reply would fail the same way.
            logger.LogWarning("Update {UpdateId}: Telegram refused a reply ({Code}: {Description})", ctx.Update.Id, ex.ErrorCode, ex.Message);
        }
        catch (RequestException ex) when (BotApiFaults.IsTransient(ex))
        {
            // Telegram is out or overloaded: the inbox keeps the update pending and tries it again later.
            throw;
        }
        catch (RequestException ex)
        {
            // BotApi has already retried what was worth retrying, and its messages carry no token.
            logger.LogError("Update {UpdateId}: reply could not be delivered: {Error}", ctx.Update.Id, ex.Message);
        }
        catch (ReplyNotRecordedException ex)
        {
            logger.LogError("Update {UpdateId}: {Error}; no apology, the reply was delivered", ctx.Update.Id, ex.Message);
        }
        catch (Exception ex) when (ex is DbException or CatalogUnavailableException)
        {
            logger.LogError("Update {UpdateId}: database fault {Type}: {Error}", ctx.Update.Id, ex.GetType().Name, ex.Message);
            await TryApologiseAsync(ctx, ctx.Text.DatabaseDown, ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Update {UpdateId}: handler failed ({Kind})", ctx.Update.Id, Describe(ctx));
            await TryApologiseAsync(ctx, ctx.Text.Apology, ct).ConfigureAwait(false);
        }
    }

    private async Task RouteAsync(ChatContext ctx, CancellationToken ct)
    {
        var update = ctx.Update;
        if (update.CallbackQuery is { } callback)
        {
            await RouteCallbackAsync(ctx, callback.Data, ct).ConfigureAwait(false);
            return;
        }
        if (update.Message is not { } message) return;

        if (message.Voice is not null || message.Audio is not null || message.VideoNote is not null || message.Document is not null)
        {
            await clips.HandleAsync(ctx, message, ct).ConfigureAwait(false);
            return;
        }
        var text = message.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            await ctx.Replies.SendTextAsync(ctx.Text.UnsupportedMessage, ct: ct).ConfigureAwait(false);
            return;
        }
        if (text.StartsWith('/'))
        {
            var (command, argument) = SplitCommand(text);
            await RouteCommandAsync(ctx, command, argument, ct).ConfigureAwait(false);
            return;
        }
        if (await catalog.TryHandleTrackNameAsync(ctx, text, ct).ConfigureAwait(false)) return;
        if (languages.Learn(ctx.ChatId, text) is { } written)
        {
            if (written.Code != ctx.Text.Code) await store.SetChatLanguageAsync(ctx.ChatId, written.Code, ct).ConfigureAwait(false);
            ctx.AnswerIn(written);
        }
        switch (SmallTalk.Classify(text))
        {
            case SmallTalkKind.Greeting:
                await ctx.Replies.SendTextAsync(ctx.Text.Hello, ct: ct).ConfigureAwait(false);
                return;
            case SmallTalkKind.AboutTheBot:
                await ctx.Replies.SendTextAsync(ctx.Text.Help, ct: ct).ConfigureAwait(false);
                return;
            case SmallTalkKind.MusicRequest:
                await moods.ShowThemesAsync(ctx, ctx.Text.PickThemeOrFeeling, ct).ConfigureAwait(false);
                return;
            case SmallTalkKind.NoFeeling:
                await ctx.Replies.SendTextAsync(ctx.Text.NoFeeling, ct: ct).ConfigureAwait(false);
                return;
        }
        await moods.HandleTextAsync(ctx, text, ct).ConfigureAwait(false);
    }

    private async Task RouteCommandAsync(ChatContext ctx, string command, string argument, CancellationToken ct)
    {
        switch (command)
        {
            case "start":
                await ctx.Replies.SendTextAsync(ctx.Text.Start, ct: ct).ConfigureAwait(false);
                break;
            case "mood":
                await moods.ShowThemesAsync(ctx, ctx.Text.PickTheme, ct).ConfigureAwait(false);
                break;
            case "map":
                await catalog.SendMapAsync(ctx, anchor: null, ct).ConfigureAwait(false);
                break;
            case "similar":
                await catalog.SimilarAsync(ctx, argument, ct).ConfigureAwait(false);
                break;
            case "forget":
                var deleted = await store.ForgetChatAsync(ctx.ChatId, ct).ConfigureAwait(false);
                languages.Forget(ctx.ChatId);
                logger.LogInformation("Forgot chat on request: {Rows} rows deleted", deleted);
                await ctx.Replies.SendTextAsync(ctx.Text.Forgotten(deleted, inboxOptions.Value.DoneRetentionHours), ct: ct).ConfigureAwait(false);
                break;
            case "stats" when _admins.Contains(ctx.ChatId):
                var stats = await store.GetStatsAsync(ct).ConfigureAwait(false);
                await ctx.Replies.SendTextAsync(ctx.Text.Stats(stats), ct: ct).ConfigureAwait(false);
                break;
            case "stats":
                await ctx.Replies.SendTextAsync(ctx.Text.AdminOnly, ct: ct).ConfigureAwait(false);
                break;
            default: // "help" and anything unknown
                await ctx.Replies.SendTextAsync(ctx.Text.Help, ct: ct).ConfigureAwait(false);
                break;
        }
    }

    private async Task RouteCallbackAsync(ChatContext ctx, string? data, CancellationToken ct)
    {
        var parsed = CallbackData.Parse(data);
        if (parsed is not { } p)
        {
            await ctx.Replies.AnswerCallbackAsync(ctx.Text.ButtonExpired, ct).ConfigureAwait(false);
            return;
        }
        var handled = p.Verb switch
        {
            CallbackData.Theme or CallbackData.Emotion or CallbackData.Lift => moods.HandleCallbackAsync(ctx, p.Verb, p.Args, ct),
            CallbackData.Preview or CallbackData.More or CallbackData.Map or CallbackData.Similar => catalog.HandleCallbackAsync(ctx, p.Verb, p.Args, ct),
            _ => Task.FromResult(false),
        };
        if (!await handled.ConfigureAwait(false))
            await ctx.Replies.AnswerCallbackAsync(ctx.Text.ButtonExpired, ct).ConfigureAwait(false);
    }

    private async Task TryApologiseAsync(ChatContext ctx, string text, CancellationToken ct)
    {
        try
        {
            await ctx.Replies.AnswerCallbackAsync(ct: ct).ConfigureAwait(false);
            await ctx.Replies.SendTextAsync(text, ct: ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Update {UpdateId}: apology not delivered either ({Type})", ctx.Update.Id, ex.GetType().Name);
        }
    }

    /// <summary>"/similar@TuneBot  Yesterday" → ("similar", "Yesterday").</summary>
    public static (string Command, string Argument) SplitCommand(string text)
    {
        var space = text.IndexOfAny([' ', '\n', '\t']);
        var head = space < 0 ? text[1..] : text[1..space];
        var at = head.IndexOf('@');
        if (at >= 0) head = head[..at];
        return (head.ToLowerInvariant(), space < 0 ? "" : text[(space + 1)..].Trim());
    }

    /// <summary>The commands the bot understands (also the only command names that may appear in logs).</summary>
    public static readonly IReadOnlySet<string> KnownCommands = new HashSet<string> { "start", "help", "mood", "map", "similar", "forget", "stats" };

    private static string Describe(ChatContext ctx) => ctx.Update switch
    {
        { CallbackQuery: not null } => "button",
        { Message.Voice: not null } => "voice",
        { Message.Audio: not null } => "audio",
        { Message.Document: not null } => "document",
        { Message.VideoNote: not null } => "video note",
        { Message.Text: { } t } when t.StartsWith('/') && KnownCommands.Contains(SplitCommand(t).Command) => "command /" + SplitCommand(t).Command,
        { Message.Text: { } t } when t.StartsWith('/') => "unknown command",
        _ => "text",
    };
}
