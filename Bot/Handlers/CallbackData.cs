using System.Globalization;
using System.Text;
using TuneBot.Bot.Ports;

namespace TuneBot.Bot.Handlers;

/// <summary>
/// The callback_data vocabulary of TuneBot's buttons: a one-letter verb, then ':'-separated arguments, so that
/// every button fits Telegram's 64-byte limit.
/// </summary>
public static class CallbackData
{
    /// <summary>Telegram's limit on callback_data, bytes of UTF-8.</summary>
    public const int MaxBytes = 64;

    public const char Preview = 'p';   // p:<trackId>:<startSeconds>
    public const char More = 'm';      // m:<anchor>
    public const char Map = 'g';       // g[:<anchor>]
    public const char Theme = 't';     // t:<runId|->:<clusterId>
    public const char Emotion = 'e';   // e:<predicted|->:<chosen>
    public const char Lift = 'l';      // l:<emotion>
    public const char Similar = 's';   // s:<trackId>

    public static string ForPreview(long trackId, double startSeconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{Preview}:{trackId}:{(int)Math.Max(0, Math.Floor(startSeconds))}");
    public static string ForMore(string anchor) => $"{More}:{anchor}";
    public static string ForMap(string? anchor) => anchor is null ? $"{Map}" : $"{Map}:{anchor}";
    public static string ForTheme(ThemeKey key) =>
        string.Create(CultureInfo.InvariantCulture, $"{Theme}:{(key.RunId is { } r ? r.ToString(CultureInfo.InvariantCulture) : "-")}:{key.ClusterId}");
    public static string ForEmotion(string? predicted, string chosen) => $"{Emotion}:{predicted ?? "-"}:{chosen}";
    public static string ForLift(string emotion) => $"{Lift}:{emotion}";
    public static string ForSimilar(long trackId) => string.Create(CultureInfo.InvariantCulture, $"{Similar}:{trackId}");

    /// <summary>True when the data fits the 64-byte limit (buttons that do not fit are left out).</summary>
    public static bool Fits(string data) => data.Length > 0 && Encoding.UTF8.GetByteCount(data) <= MaxBytes;

    /// <summary>Splits data into its verb and arguments; null for empty or foreign data.</summary>
    public static (char Verb, string[] Args)? Parse(string? data)
    {
        if (string.IsNullOrEmpty(data) || (data.Length > 1 && data[1] != ':')) return null;
        return (data[0], data.Length > 2 ? data[2..].Split(':') : []);
    }

    public static bool TryLong(string s, out long value) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    public static bool TryInt(string s, out int value) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
}
