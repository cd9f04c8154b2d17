namespace TuneBot.Bot.Console;

/// <summary>
/// Which console lines are meant as a file: a path is resolved the way a shell user expects (quotes dropped, "~"
/// is the home folder, relative to the working directory) so "~/clip.ogg" is sent as audio, not read as a feeling.
/// </summary>
public static class ConsolePaths
{
    private static readonly string[] FileExtensions =
        [".ogg", ".oga", ".opus", ".mp3", ".wav", ".flac", ".m4a", ".aac", ".mp4", ".webm", ".wma", ".mka", ".amr"];

    /// <summary>True when <paramref name="line"/> names a file (existing or not); <paramref name="path"/> is it, absolute.</summary>
    public static bool LooksLikePath(string line, out string path)
    {
        path = "";
        var s = Unquote(line.Trim());
        if (s.Length == 0) return false;
        if (s.StartsWith('/') && s.IndexOf('/', 1) < 0 && !HasFileExtension(s)) return false; // a command such as /mood
        var looksLike = s.StartsWith("~/", StringComparison.Ordinal) || s == "~"
            || s.StartsWith("./", StringComparison.Ordinal) || s.StartsWith("../", StringComparison.Ordinal)
            || s.StartsWith('/') || HasFileExtension(s)
            || (!s.Any(char.IsWhiteSpace) && (s.Contains('/') || s.Contains('\\')));
        string full;
        try
        {
            full = Resolve(s);
            if (!looksLike && !(s.Contains('.') && File.Exists(full))) return false;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
        path = full;
        return true;
    }

    private static string Resolve(string s)
    {
        if (s == "~" || s.StartsWith("~/", StringComparison.Ordinal))
            s = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), s.Length > 2 ? s[2..] : "");
        return Path.GetFullPath(s);
    }

    private static bool HasFileExtension(string s) =>
        !s.Any(char.IsWhiteSpace) || s.Contains('/')
            ? FileExtensions.Any(e => s.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            : false;

    private static string Unquote(string s) =>
        s.Length >= 2 && (s[0] == '"' || s[0] == '\'') && s[^1] == s[0] ? s[1..^1] : s.Trim('"', '\'');
}
