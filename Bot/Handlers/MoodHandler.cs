using Microsoft.Extensions.Logging;
using TuneBot.Bot.Ports;
using TuneBot.Bot.State;
using TuneBot.Core.Storage;

namespace TuneBot.Bot.Handlers;

/// <summary>
/// How the user feels: free text → emotion → "You sound anxious" + a mood playlist with correction buttons
/// (a correction is stored as feedback and answered with the corrected playlist); /mood → a keyboard of the
/// catalog's themes → that theme's playlist. The text itself is only classified, never stored or logged.
/// </summary>
public sealed class MoodHandler(
    IMusicAdvisor advisor,
    IEmotionReader emotions,
    IBotStateStore store,
    ILogger<MoodHandler> logger)
{
    /// <summary>Feedback kind stored when the user corrects (or, after "I can't tell", picks) the emotion; value "predicted->chosen".</summary>
    public const string CorrectionFeedbackKind = "emotion_correction";

    private static readonly IReadOnlyDictionary<string, string> EmotionEmoji = new Dictionary<string, string>
    {
        ["happy"] = "😊", ["sad"] = "😢", ["angry"] = "😠", ["anxious"] = "😟", ["neutral"] = "😌",
    };

    public async Task HandleTextAsync(ChatContext ctx, string text, CancellationToken ct)
    {
        var reading = await emotions.ReadAsync(text, ct).ConfigureAwait(false);
        if (!reading.Succeeded)
        {
            logger.LogWarning("Emotion reading failed: {Failure} {Detail}", reading.Failure, reading.Detail);
            await ctx.Replies.SendTextAsync(ctx.Text.For(reading.Failure!.Value), ct: ct).ConfigureAwait(false);
            return;
        }
        var emotion = reading.Value!;
        if (emotion.Unsure || !EmotionReading.Labels.Contains(emotion.Label))
        {
            await ctx.Replies.SendTextAsync(ctx.Text.CannotTell, EmotionButtons(ctx, predicted: null, exclude: null), ct).ConfigureAwait(false);
            return;
        }
        var heading = PlaylistFormatter.Html(ctx.Text.YouSound(ctx.Text.Emotion(emotion.Label)));
        await SendMoodPlaylistAsync(ctx, emotion.Label, MoodStrategy.Match, heading, withCorrections: true, ct).ConfigureAwait(false);
    }

    /// <summary>The live themes as buttons under <paramref name="prompt"/>.</summary>
    public async Task ShowThemesAsync(ChatContext ctx, string prompt, CancellationToken ct)
    {
        var themes = await advisor.ThemesAsync(ct).ConfigureAwait(false);
        if (!themes.Succeeded || themes.Value!.Count == 0)
        {
            await ctx.Replies.SendTextAsync(ctx.Text.For(themes.Failure ?? AdviceFailure.EmptyCatalog), ct: ct).ConfigureAwait(false);
            return;
        }
        var buttons = themes.Value!
            .Select(t => new ChatButton($"{t.Emoji} {t.NameIn(ctx.Text.Code)}", CallbackData.ForTheme(t.Key)))
            .Chunk(2)
            .Select(row => (IReadOnlyList<ChatButton>)row)
            .ToList();
        await ctx.Replies.SendTextAsync(prompt, buttons, ct).ConfigureAwait(false);
    }

    /// <summary>Theme, emotion and lift buttons; false when the data is malformed.</summary>
    public async Task<bool> HandleCallbackAsync(ChatContext ctx, char verb, string[] args, CancellationToken ct)
    {
        switch (verb)
        {
            case CallbackData.Theme when args.Length == 2 && CallbackData.TryInt(args[1], out var cluster):
            {
                int? run = CallbackData.TryInt(args[0], out var r) ? r : null;
                await ctx.Replies.AnswerCallbackAsync(ct: ct).ConfigureAwait(false);
                var playlist = await advisor.PlaylistForThemeAsync(new ThemeKey(run, cluster), ct).ConfigureAwait(false);
                // Stored only for a theme that exists: button data is the client's to forge (run 999, cluster 99999).
                if (playlist.Succeeded) await store.RecordThemeChoiceAsync(ctx.ChatId, run, cluster, ct).ConfigureAwait(false);
                await SendPlaylistAsync(ctx, playlist, heading: null, extraRows: null, ct).ConfigureAwait(false);
                return true;
            }
            case CallbackData.Emotion when args.Length == 2 && EmotionReading.Labels.Contains(args[1])
                                           && (args[0] == "-" || EmotionReading.Labels.Contains(args[0])):
            {
                var predicted = args[0] == "-" ? null : args[0];
                var chosen = args[1];
                await ctx.Replies.AnswerCallbackAsync(ctx.Text.Noted, ct).ConfigureAwait(false);
                await store.AddFeedbackAsync(ctx.ChatId, CorrectionFeedbackKind, $"{predicted ?? "-"}->{chosen}", ct).ConfigureAwait(false);
                var heading = PlaylistFormatter.Html(ctx.Text.YouFeel(ctx.Text.Emotion(chosen)));
                await SendMoodPlaylistAsync(ctx, chosen, MoodStrategy.Match, heading, withCorrections: false, ct).ConfigureAwait(false);
                return true;
            }
            case CallbackData.Lift when args.Length == 1 && EmotionReading.Labels.Contains(args[0]):
            {
                await ctx.Replies.AnswerCallbackAsync(ct: ct).ConfigureAwait(false);
                // The reply names the mood it lifts from: a bare playlist under a theme name did not say which mood it used.
                var heading = PlaylistFormatter.Html(ctx.Text.LiftingFrom(ctx.Text.Emotion(args[0])));
                await SendMoodPlaylistAsync(ctx, args[0], MoodStrategy.Lift, heading, withCorrections: false, ct).ConfigureAwait(false);
                return true;
            }
            default:
                return false;
        }
    }

    private async Task SendMoodPlaylistAsync(ChatContext ctx, string emotion, MoodStrategy strategy, string? heading, bool withCorrections, CancellationToken ct)
    {
        var playlist = await advisor.PlaylistForMoodAsync(emotion, strategy, ct).ConfigureAwait(false);
        var extra = new List<IReadOnlyList<ChatButton>>();
        if (strategy == MoodStrategy.Match && emotion != "happy")
            extra.Add([new ChatButton(ctx.Text.LiftMood, CallbackData.ForLift(emotion))]);
        if (withCorrections)
            extra.AddRange(EmotionButtons(ctx, predicted: emotion, exclude: emotion));
        await SendPlaylistAsync(ctx, playlist, heading, extra, ct, withCorrections ? ctx.Text.NotRight : null).ConfigureAwait(false);
    }

    private static async Task SendPlaylistAsync(ChatContext ctx, Advice<Playlist> playlist, string? heading,
        List<IReadOnlyList<ChatButton>>? extraRows, CancellationToken ct, string? footer = null)
    {
        if (!playlist.Succeeded)
        {
            var text = heading is null ? ctx.Text.For(playlist.Failure!.Value) : $"{heading}\n\n{ctx.Text.For(playlist.Failure!.Value)}";
            await ctx.Replies.SendTextAsync(text, extraRows, ct).ConfigureAwait(false);
            return;
        }
        var body = PlaylistFormatter.Text(playlist.Value!, ctx.Text, heading);
        if (footer is not null) body += "\n\n" + footer;
        var buttons = PlaylistFormatter.Buttons(playlist.Value!, ctx.Text);
        if (extraRows is not null) buttons.AddRange(extraRows);
        await ctx.Replies.SendTextAsync(body, buttons, ct).ConfigureAwait(false);
    }

    private static List<IReadOnlyList<ChatButton>> EmotionButtons(ChatContext ctx, string? predicted, string? exclude) =>
        EmotionReading.Labels
            .Where(l => l != exclude)
            .Select(l => new ChatButton($"{EmotionEmoji.GetValueOrDefault(l, "")} {ctx.Text.Emotion(l)}".Trim(), CallbackData.ForEmotion(predicted, l)))
            .Chunk(3)
            .Select(row => (IReadOnlyList<ChatButton>)row)
            .ToList();
}
