using TuneBot.Bot.Localization;
using TuneBot.Bot.Telegram.Types;

namespace TuneBot.Bot.Handlers;

/// <summary>Everything a handler needs about one update: the update, its chat, the user's language and the ways to answer.</summary>
public sealed class ChatContext(Update update, long chatId, IChatReplies replies, IAttachmentSource attachments)
{
    public Update Update { get; } = update;
    public long ChatId { get; } = chatId;
    public IChatReplies Replies { get; } = replies;
    public IAttachmentSource Attachments { get; } = attachments;
    /// <summary>Korean for language_code "ko…", English otherwise.</summary>
    public Strings Text { get; } = Strings.For(update.From?.LanguageCode);
}
