namespace TuneBot.Bot.Telegram.Requests;

/// <summary>deleteWebhook ("Getting updates"): long polling does not work while a webhook is set.</summary>
public sealed record DeleteWebhookRequest
{
    /// <summary>False keeps updates that arrived while the bot was down, so none is lost.</summary>
    public bool? DropPendingUpdates { get; init; }
}
