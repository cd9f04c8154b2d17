using Telegram.Bot.Types;
using TuneBot.Bot.Localization;

namespace TuneBot.Bot.Handlers;

/// <summary>Everything a handler needs about one update: the update, its chat, the user's language and the ways to answer.</summary>
public sealed class ChatContext(Update update, long chatId, IChatReplies replies, IAttachmentSource attachments, Strings text)
{
    public Update Update { get; } = update;
    public long ChatId { get; } = chatId;
    public IChatReplies Replies { get; } = replies;
    public IAttachmentSource Attachments { get; } = attachments;
    /// <summary>The language to answer in, chosen by <see cref="ChatLanguages"/>.</summary>
    public Strings Text { get; private set; } = text;

    /// <summary>Answers the rest of this update (an apology included) in the language the user's words showed.</summary>
    public void AnswerIn(Strings text) => Text = text;
}
