namespace TuneBot.Bot.Telegram.Types;

/// <summary>A command shown in the client's menu (Bot API "BotCommand").</summary>
public sealed record BotCommand
{
    /// <summary>1–32 characters: lowercase letters, digits, underscores; without the slash.</summary>
    public required string Command { get; init; }
    /// <summary>1–256 characters.</summary>
    public required string Description { get; init; }
}
