using System.Text.Json;
using System.Text.Json.Serialization;
using Telegram.Bot.Requests;
using Telegram.Bot.Types.Enums;

namespace TuneBot.Bot.Transport;

/// <summary>
/// getUpdates answered as raw JSON elements: the library's own request parses the whole batch at once, so one
/// malformed update would fail every call and the offset would never move. <see cref="UpdateReader"/> reads each.
/// </summary>
public sealed class RawGetUpdatesRequest() : RequestBase<JsonElement[]>("getUpdates")
{
    [JsonPropertyName("offset")] public int? Offset { get; set; }
    [JsonPropertyName("limit")] public int? Limit { get; set; }
    [JsonPropertyName("timeout")] public int? Timeout { get; set; }
    [JsonPropertyName("allowed_updates")] public IEnumerable<UpdateType>? AllowedUpdates { get; set; }
}
