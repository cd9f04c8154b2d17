namespace TuneBot.Core.Ingestion;

/// <summary>A file found by <see cref="AudioFileScanner"/>.</summary>
/// <param name="Path">Absolute path.</param>
/// <param name="Root">The scanned root it was found under (the file itself when a file was named).</param>
/// <param name="MtimeMs">Last write time, Unix milliseconds UTC.</param>
public sealed record ScannedFile(string Path, string Root, long Size, long MtimeMs);

/// <summary>What a scan found: candidate audio files, the roots scanned (absolute paths of those that exist), and
/// the roots that could not be used (as given).</summary>
public sealed record ScanResult(IReadOnlyList<ScannedFile> Files, IReadOnlyList<string> Roots, IReadOnlyList<string> MissingRoots);

/// <summary>
/// Finds audio files under folders, recursively. A named file is taken whatever its extension (ffmpeg decides);
/// inside folders only extensions ffmpeg decodes are taken, so cover art, playlists and text are not tried.
/// MIDI is not in the list: it has no audio until rendered (scripts/setup.d/50-demo-catalog.sh renders it).
/// </summary>
public static class AudioFileScanner
{
    /// <summary>File extensions (lowercase, with dot) picked up inside folders.</summary>
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".ogg", ".oga", ".opus", ".mp3", ".flac", ".wav", ".m4a", ".aac", ".mp4", ".wma", ".aif", ".aiff", ".ape", ".wv",
        ".mka", ".webm", ".ac3", ".spx",
        // Tracker modules, decoded by ffmpeg's libopenmpt demuxer.
        ".mod", ".xm", ".it", ".s3m", ".mptm", ".669", ".mtm", ".stm", ".umx",
    };

    /// <summary>Scans files and folders (recursively, hidden folders included, unreadable folders skipped).</summary>
    /// <returns>Distinct files ordered by path, and the roots that do not exist.</returns>
    public static ScanResult Scan(IEnumerable<string> roots)
    {
        var files = new Dictionary<string, ScannedFile>(StringComparer.Ordinal);
        var missing = new List<string>();
        var found = new List<string>();
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var r in roots)
        {
            var root = Path.GetFullPath(r);
            if (File.Exists(root))
            {
                found.Add(root);
                Add(new FileInfo(root), root);
            }
            else if (Directory.Exists(root))
            {
                found.Add(root);
                foreach (var path in Directory.EnumerateFiles(root, "*", options))
                    if (Extensions.Contains(Path.GetExtension(path))) Add(new FileInfo(path), root);
            }
            else missing.Add(r);
        }
        return new ScanResult(files.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList(), found, missing);

        void Add(FileInfo info, string root)
        {
            try
            {
                if ((info.Attributes & FileAttributes.Directory) != 0) return;
                files.TryAdd(info.FullName, new ScannedFile(info.FullName, root, info.Length, MtimeMs(info)));
            }
            catch (IOException) { }   // vanished between listing and stat: it is simply not there
        }
    }

    /// <summary>A file's last write time in Unix milliseconds UTC.</summary>
    public static long MtimeMs(FileInfo info) => new DateTimeOffset(info.LastWriteTimeUtc).ToUnixTimeMilliseconds();
}
