namespace TuneBot.Bot.Console;

/// <summary>
/// A temporary folder of one console session for the previews and maps it prints the paths of; removed when the
/// chat ends, so nothing piles up in the shared temp folder.
/// </summary>
public sealed class ConsoleSessionFolder : IDisposable
{
    public ConsoleSessionFolder(string? parent = null)
    {
        Path = System.IO.Path.Combine(parent ?? System.IO.Path.GetTempPath(), $"tunebot-console-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // best effort: the OS cleans temp too
    }
}
