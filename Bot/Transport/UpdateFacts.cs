using Telegram.Bot.Types;

namespace TuneBot.Bot.Transport;

/// <summary>What TuneBot asks of every update: whose chat it belongs to and who sent it.</summary>
public static class UpdateFacts
{
    extension(Update update)
    {
        /// <summary>The chat this update belongs to (message chat, the callback's message chat, or the sender), or null.</summary>
        public long? ChatId => update.Message?.Chat.Id ?? update.CallbackQuery?.Message?.Chat.Id ?? update.CallbackQuery?.From.Id;

        /// <summary>The user who caused the update, if known.</summary>
        public User? Sender => update.Message?.From ?? update.CallbackQuery?.From;
    }
}
