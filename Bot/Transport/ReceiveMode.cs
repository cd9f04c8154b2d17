namespace TuneBot.Bot.Transport;

/// <summary>How updates reach the bot (Telegram:Mode). Either way they go into the inbox and are handled from there.</summary>
public enum ReceiveMode
{
    /// <summary>getUpdates long polling: one receiver per token (Telegram answers a second with 409).</summary>
    Polling,
    /// <summary>Telegram POSTs each update to Telegram:WebhookUrl; any number of instances behind a load balancer.</summary>
    Webhook,
}
