using TuneBot.Core.Storage;

namespace TuneBot.Core.Ingestion;

/// <summary>What ingest does with one scanned file.</summary>
public enum IngestAction
{
    /// <summary>Same path, size and modification time (or same content) as stored, analysed with current versions.</summary>
    Unchanged,
    /// <summary>Content already stored under a path that no longer holds it: only the path is updated.</summary>
    Move,
    /// <summary>Same content as another file that is still there (a copy): skipped.</summary>
    Duplicate,
    /// <summary>New content: analysed and added.</summary>
    Add,
    /// <summary>Content at a stored path changed, or stored analysis is from older versions: re-analysed in place.</summary>
    Update,
}

/// <summary>One planned step.</summary>
/// <param name="Hash">The content hash (null only for an unchanged file recognised by size and time).</param>
/// <param name="TrackId">The stored track concerned (Move, Update, Unchanged, and the original for Duplicate).</param>
/// <param name="Detail">For Move: the old path; for Duplicate: the path holding the stored copy; for Update: why.</param>
/// <param name="TouchOnly">Unchanged content whose size or time changed: the stored file state is refreshed.</param>
public sealed record PlannedStep(IngestAction Action, ScannedFile File, string? Hash, long? TrackId, string? Detail, bool TouchOnly = false);

/// <summary>
/// Decides, for every scanned file, whether it is unchanged, moved, a duplicate, new or changed, from the stored
/// file states and the content hashes. Pure: no I/O except <c>fileExists</c> for stored paths outside the scan.
/// <para>
/// Rules: a stored path with the same size and mtime is unchanged without hashing (the cheap check). Content
/// (hash) already stored: same path → unchanged (state refreshed); its stored path still holds it → duplicate;
/// else → moved. New content: a stored path whose content is not claimed elsewhere in this scan → updated in place
/// (the track id survives); else → added. A track analysed under older versions is re-analysed (Update).
/// Moves are decided before updates, so swapping two files' names is two moves, not two re-analyses.
/// </para>
/// </summary>
public static class IngestPlanner
{
    /// <summary>Files that need a content hash before planning: everything but the cheap-unchanged ones.</summary>
    public static bool NeedsHash(ScannedFile file, IReadOnlyDictionary<string, TrackFileState> storedByPath) =>
        !(storedByPath.TryGetValue(file.Path, out var s) && s.FileSize == file.Size && s.FileMtimeMs == file.MtimeMs);

    /// <summary>Index of stored states by path (first row wins if a path repeats).</summary>
    public static Dictionary<string, TrackFileState> ByPath(IReadOnlyList<TrackFileState> stored)
    {
        var d = new Dictionary<string, TrackFileState>(StringComparer.Ordinal);
        foreach (var s in stored) d.TryAdd(s.Path, s);
        return d;
    }

    /// <summary>Plans every file. <paramref name="hashes"/> holds the hash of each file that <see cref="NeedsHash"/>.</summary>
    /// <param name="summaryDims">Length of the current summary vector (a different stored length forces re-analysis).</param>
    public static IReadOnlyList<PlannedStep> Plan(IReadOnlyList<TrackFileState> stored, IReadOnlyList<ScannedFile> files,
        IReadOnlyDictionary<string, string> hashes, int summaryDims, Func<string, bool> fileExists)
    {
        var byPath = ByPath(stored);
        var byHash = new Dictionary<string, TrackFileState>(StringComparer.Ordinal);
        foreach (var s in stored) byHash.TryAdd(s.ContentHash, s);

        // What each scanned path holds now.
        var hashAtPath = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in files)
            hashAtPath[f.Path] = hashes.TryGetValue(f.Path, out var h) ? h : byPath[f.Path].ContentHash;

        var steps = new PlannedStep?[files.Count];
        var claimed = new Dictionary<long, string>();   // track id → path now holding it
        var pending = new List<int>();

        for (int i = 0; i < files.Count; i++)
        {
            var f = files[i];
            if (!hashes.TryGetValue(f.Path, out var hash))
            {
                var s = byPath[f.Path];
                claimed[s.Id] = f.Path;
                steps[i] = Current(s)
                    ? new PlannedStep(IngestAction.Unchanged, f, s.ContentHash, s.Id, null)
                    : new PlannedStep(IngestAction.Update, f, s.ContentHash, s.Id, "analysed by an older version");
                continue;
            }
            if (!byHash.TryGetValue(hash, out var row)) { pending.Add(i); continue; }
            if (row.Path == f.Path)
            {
                claimed[row.Id] = f.Path;
                steps[i] = Current(row)
                    ? new PlannedStep(IngestAction.Unchanged, f, hash, row.Id, null, TouchOnly: true)
                    : new PlannedStep(IngestAction.Update, f, hash, row.Id, "analysed by an older version");
            }
            else pending.Add(i);   // decided in the second pass, once every same-path match has claimed its row
        }

        var newHashes = new Dictionary<string, string>(StringComparer.Ordinal);
        // Second pass, moves and copies of stored content first so that an update never takes a row that moved.
        foreach (var i in pending.ToList())
        {
            var f = files[i];
            var hash = hashes[f.Path];
            if (!byHash.TryGetValue(hash, out var row)) continue;
            pending.Remove(i);
            if (claimed.TryGetValue(row.Id, out var holder))
                steps[i] = new PlannedStep(IngestAction.Duplicate, f, hash, row.Id, holder);
            else if (StillHolds(row, hashAtPath, fileExists))
            {
                claimed[row.Id] = row.Path;
                steps[i] = new PlannedStep(IngestAction.Duplicate, f, hash, row.Id, row.Path);
            }
            else
            {
                claimed[row.Id] = f.Path;
                steps[i] = Current(row)
                    ? new PlannedStep(IngestAction.Move, f, hash, row.Id, row.Path)
                    : new PlannedStep(IngestAction.Update, f, hash, row.Id, $"moved from {row.Path}; analysed by an older version");
            }
        }
        foreach (var i in pending)
        {
            var f = files[i];
            var hash = hashes[f.Path];
            if (newHashes.TryGetValue(hash, out var first))
                steps[i] = new PlannedStep(IngestAction.Duplicate, f, hash, null, first);
            else if (byPath.TryGetValue(f.Path, out var row) && !claimed.ContainsKey(row.Id))
            {
                claimed[row.Id] = f.Path;
                steps[i] = new PlannedStep(IngestAction.Update, f, hash, row.Id, "content changed");
            }
            else steps[i] = new PlannedStep(IngestAction.Add, f, hash, null, null);
            newHashes.TryAdd(hash, f.Path);
        }
        return steps.Select(s => s!).ToList();

        bool Current(TrackFileState s) => TrackAnalysisVersions.IsCurrent(s, summaryDims);
    }

    /// <summary>
    /// Stored tracks whose file is gone: stored under one of the scanned <paramref name="roots"/> (a folder, or a
    /// named file), claimed by no step of <paramref name="plan"/> (not unchanged, moved or updated), and no longer
    /// on disk. Tracks outside the roots are never judged: ingesting one folder says nothing about another. A root
    /// that does not exist is not judged either (an unmounted disk is not a deleted library).
    /// </summary>
    /// <param name="roots">Absolute paths of the scanned roots that exist.</param>
    public static IReadOnlyList<TrackFileState> Gone(IReadOnlyList<TrackFileState> stored, IReadOnlyList<PlannedStep> plan,
        IReadOnlyList<string> roots, Func<string, bool> fileExists)
    {
        var claimed = plan.Where(s => s.TrackId is not null).Select(s => s.TrackId!.Value).ToHashSet();
        var folders = roots.Select(r => r.EndsWith(System.IO.Path.DirectorySeparatorChar) ? r : r + System.IO.Path.DirectorySeparatorChar).ToList();
        return stored
            .Where(s => !claimed.Contains(s.Id))
            .Where(s => roots.Contains(s.Path, StringComparer.Ordinal) || folders.Any(f => s.Path.StartsWith(f, StringComparison.Ordinal)))
            .Where(s => !fileExists(s.Path))
            .OrderBy(s => s.Path, StringComparer.Ordinal)
            .ToList();
    }

    private static bool StillHolds(TrackFileState row, Dictionary<string, string> hashAtPath, Func<string, bool> fileExists) =>
        hashAtPath.TryGetValue(row.Path, out var now) ? now == row.ContentHash : fileExists(row.Path);
}
