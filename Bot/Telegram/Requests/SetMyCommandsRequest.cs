using TuneBot.Bot.Telegram.Types;

namespace TuneBot.Bot.Telegram.Requests;

/// <summary>setMyCommands ("Available methods"): the command menu, optionally per user language.</summary>
public sealed record SetMyCommandsRequest
{
    public required BotCommand[] Commands { get; init; }
    /// <summary>Two-letter ISO 639-1 code; null sets the default list.</summary>
    public string? LanguageCode { get; init; }
}
