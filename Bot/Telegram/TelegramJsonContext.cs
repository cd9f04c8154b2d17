using System.Text.Json;
using System.Text.Json.Serialization;
using TuneBot.Bot.Telegram.Requests;
using TuneBot.Bot.Telegram.Types;

namespace TuneBot.Bot.Telegram;

/// <summary>
/// Source-generated System.Text.Json metadata for every Bot API type TuneBot sends or reads. The Bot API
/// spells fields in snake_case and omits absent ones, hence the naming policy and null handling.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiResponse<User>))]
[JsonSerializable(typeof(ApiResponse<Update[]>))]
[JsonSerializable(typeof(ApiResponse<Message>))]
[JsonSerializable(typeof(ApiResponse<TelegramFile>))]
[JsonSerializable(typeof(ApiResponse<bool>))]
[JsonSerializable(typeof(ApiResponse<JsonElement>))]
[JsonSerializable(typeof(Update))]
[JsonSerializable(typeof(Update[]))]
[JsonSerializable(typeof(InlineKeyboardMarkup))]
[JsonSerializable(typeof(GetUpdatesRequest))]
[JsonSerializable(typeof(DeleteWebhookRequest))]
[JsonSerializable(typeof(SetMyCommandsRequest))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(EditMessageTextRequest))]
[JsonSerializable(typeof(SendChatActionRequest))]
[JsonSerializable(typeof(GetFileRequest))]
[JsonSerializable(typeof(AnswerCallbackQueryRequest))]
public sealed partial class TelegramJsonContext : JsonSerializerContext;
