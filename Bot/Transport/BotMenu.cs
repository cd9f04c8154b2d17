using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using TuneBot.Bot.Localization;

namespace TuneBot.Bot.Transport;

/// <summary>The command menu (English default + Korean) and the update types the bot asks Telegram for, shared by both receivers.</summary>
public static class BotMenu
{
    /// <summary>allowed_updates of getUpdates and setWebhook: what the handlers answer.</summary>
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    /// <summary>setMyCommands for English (the default) and Korean.</summary>
    public static async Task SetCommandsAsync(BotApi api, CancellationToken ct)
    {
        await api.CallAsync("setMyCommands", (bot, c) => bot.SetMyCommands(Commands(Strings.English), cancellationToken: c), ct).ConfigureAwait(false);
        await api.CallAsync("setMyCommands", (bot, c) => bot.SetMyCommands(Commands(Strings.Korean), languageCode: "ko", cancellationToken: c), ct)
            .ConfigureAwait(false);
    }

    private static BotCommand[] Commands(Strings s) =>
    [
        new() { Command = "start", Description = s.MenuStart },
        new() { Command = "help", Description = s.MenuHelp },
        new() { Command = "mood", Description = s.MenuMood },
        new() { Command = "similar", Description = s.MenuSimilar },
        new() { Command = "map", Description = s.MenuMap },
        new() { Command = "forget", Description = s.MenuForget },
    ];
}
