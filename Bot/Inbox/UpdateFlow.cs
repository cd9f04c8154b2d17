using Telegram.Bot.Types;

namespace TuneBot.Bot.Inbox;

/// <summary>Which of the bot's flows an update takes, as metrics name it (a voice note costs seconds, a command milliseconds).</summary>
public static class UpdateFlow
{
    public static string Of(Update update) => update switch
    {
        { CallbackQuery: not null } => "button",
        { Message.Voice: not null } or { Message.Audio: not null } or { Message.Document: not null } => "clip",
        { Message.Text: { } text } when text.StartsWith('/') => "command",
        { Message.Text: not null } => "text",
        _ => "other",
    };
}
