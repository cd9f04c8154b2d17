using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace TuneBot.Bot.Transport;

/// <summary>
/// Reads one update of a getUpdates batch or a webhook delivery on its own, so that one malformed update (a chat id
/// given as a string, a message without its chat, a voice without file_id) is skipped instead of stopping every
/// update behind it. Beyond the JSON's shape it checks the fields TuneBot relies on and the library leaves null.
/// </summary>
public static class UpdateReader
{
    /// <summary>The update, or null with <paramref name="problem"/> saying why (a JSON path or field name, never content).</summary>
    public static Update? TryRead(JsonElement element, out string? problem)
    {
        Update? update;
        try
        {
            update = element.Deserialize<Update>(JsonBotAPI.Options);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException or OverflowException)
        {
            problem = ex is JsonException { Path: { } path } ? $"unreadable at {path}" : "unreadable " + ex.GetType().Name;
            return null;
        }
        problem = update is null ? "null" : Missing(update);
        return problem is null ? update : null;
    }

    /// <summary>The update_id of an element, even one that cannot be read as an update; null when it has none.</summary>
    public static long? IdOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("update_id", out var id)
        && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var value) ? value : null;

    // The library declares these non-nullable but leaves them null when Telegram's JSON lacks them.
    private static string? Missing(Update update)
    {
        if (update.Message is { } m)
        {
            if (m.Chat is null) return "message without chat";
            if (m.Voice is { FileId: null or "" } || m.Audio is { FileId: null or "" } || m.VideoNote is { FileId: null or "" } || m.Document is { FileId: null or "" })
                return "attachment without file_id";
        }
        if (update.CallbackQuery is { } q)
        {
            if (q.From is null) return "callback without from";
            if (q.Message is { Chat: null }) return "callback message without chat";
        }
        return null;
    }
}
