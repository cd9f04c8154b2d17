using System.Text.Json.Serialization;

namespace TuneBot.Bot.Telegram.Types;

/// <summary>An incoming update (Bot API "Update"); exactly one of the optional fields is set.</summary>
public sealed record Update
{
    /// <summary>Monotonically increasing id; confirming <c>offset = update_id + 1</c> acknowledges it.</summary>
    public long UpdateId { get; init; }
    public Message? Message { get; init; }
    public CallbackQuery? CallbackQuery { get; init; }

    /// <summary>The chat this update belongs to (message chat, the callback's message chat, or the sender), or null.</summary>
    [JsonIgnore]
    public long? ChatId => Message?.Chat.Id ?? CallbackQuery?.Message?.Chat.Id ?? CallbackQuery?.From.Id;

    /// <summary>The user who caused the update, if known.</summary>
    [JsonIgnore]
    public User? From => Message?.From ?? CallbackQuery?.From;
}
