using System.Data.Common;
using TuneBot.Core.Storage;

namespace TuneBot.Core.Ingestion;

/// <summary>Another ingest already holds the catalog. The message says which database and how to proceed.</summary>
public sealed class IngestInProgressException(string message) : Exception(message);

/// <summary>
/// Makes ingest runs against one catalog exclusive. SQLite: an OS lock (flock) on <c>FILE.ingest.lock</c> next to
/// the database file; a server: a session lock (PostgreSQL pg_try_advisory_lock, MySQL GET_LOCK) on a connection
/// held for the run alone and released explicitly at the end (a pooled MySQL connection would otherwise keep it).
/// All vanish with the process, so a crashed run never leaves a stale lock behind.
/// </summary>
public sealed class IngestLock : IAsyncDisposable
{
    private readonly FileStream? _file;
    private readonly string? _filePath;
    private readonly DbConnection? _connection;
    private readonly CatalogDialect? _dialect;

    private IngestLock(FileStream? file, string? filePath, DbConnection? connection, CatalogDialect? dialect)
    {
        _file = file;
        _filePath = filePath;
        _connection = connection;
        _dialect = dialect;
    }

    /// <summary>Takes the lock or refuses at once.</summary>
    /// <exception cref="IngestInProgressException">Another ingest holds it.</exception>
    /// <exception cref="CatalogUnavailableException">The database cannot be reached.</exception>
    public static async Task<IngestLock> AcquireAsync(CatalogDatabase db, CancellationToken ct = default)
    {
        if (db.Provider == CatalogProvider.Sqlite)
        {
            var path = db.SqliteFilePath! + ".ingest.lock";
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            FileStream stream;
            try
            {
                // FileShare.None is enforced between processes on Linux with flock(LOCK_EX | LOCK_NB).
                stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                string holder = "";
                try { holder = File.ReadAllText(path).Trim(); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                throw new IngestInProgressException(
                    $"Another ingest is already running against {db.Description}{(holder.Length > 0 ? $" ({holder})" : "")}; wait for it to finish.");
            }
            catch (UnauthorizedAccessException e)
            {
                throw new CatalogUnavailableException($"Cannot create the ingest lock file {path}: {e.Message}", e);
            }
            stream.SetLength(0);
            var note = System.Text.Encoding.UTF8.GetBytes($"pid {Environment.ProcessId} since {DateTime.UtcNow:u}\n");
            stream.Write(note);
            stream.Flush();
            return new IngestLock(stream, path, null, null);
        }

        var conn = await db.OpenAsync(ct);
        bool got;
        try { got = await db.Dialect.TryLockAsync(conn, CatalogLock.Ingest, ct); }
        catch (Exception e) when (db.IsUnavailable(e)) { await conn.DisposeAsync(); throw db.Unavailable(e); }
        catch { await conn.DisposeAsync(); throw; }
        if (!got)
        {
            await conn.DisposeAsync();
            throw new IngestInProgressException($"Another ingest is already running against {db.Description}; wait for it to finish.");
        }
        return new IngestLock(null, null, conn, db.Dialect);
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            // Remove the file while still holding the lock: a waiting run then creates a fresh one instead of
            // locking a file that is about to disappear.
            try { File.Delete(_filePath!); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            await _file.DisposeAsync();
        }
        if (_connection is not null)
        {
            try { await _dialect!.UnlockAsync(_connection, CatalogLock.Ingest); }
            catch (DbException) { }   // a session that broke holds no lock any more
            await _connection.DisposeAsync();
        }
    }
}
