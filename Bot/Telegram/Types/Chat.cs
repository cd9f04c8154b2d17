namespace TuneBot.Bot.Telegram.Types;

/// <summary>A chat (Bot API "Chat"): private, group, supergroup or channel.</summary>
public sealed record Chat
{
    public long Id { get; init; }
    /// <summary>"private", "group", "supergroup" or "channel".</summary>
    public string Type { get; init; } = "private";
    public string? Title { get; init; }
    public string? Username { get; init; }
}
