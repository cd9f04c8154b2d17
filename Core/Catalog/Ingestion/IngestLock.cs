using Dapper;
using Npgsql;

namespace TuneBot.Core.Catalog.Ingestion;

/// <summary>Another ingest already holds the catalog. The message says which database and how to proceed.</summary>
public sealed class IngestInProgressException(string message) : Exception(message);

/// <summary>
/// Makes ingest runs against one catalog exclusive. SQLite: an OS lock (flock) on <c>FILE.ingest.lock</c> next to
/// the database file; PostgreSQL: a session advisory lock (pg_try_advisory_lock) on a connection held for the run.
/// Both vanish with the process, so a crashed run never leaves a stale lock behind.
/// </summary>
public sealed class IngestLock : IAsyncDisposable
{
    private readonly FileStream? _file;
    private readonly string? _filePath;
    private readonly NpgsqlConnection? _connection;

    private IngestLock(FileStream? file, string? filePath, NpgsqlConnection? connection)
    {
        _file = file;
        _filePath = filePath;
        _connection = connection;
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
            return new IngestLock(stream, path, null);
        }

        var conn = (NpgsqlConnection)await db.OpenAsync(ct);
        bool got;
        try { got = await conn.ExecuteScalarAsync<bool>("SELECT pg_try_advisory_lock(@key)", new { key = CatalogDatabase.IngestLockKey }); }
        catch (Exception e) when (CatalogDatabase.IsUnavailable(e)) { await conn.DisposeAsync(); throw db.Unavailable(e); }
        if (!got)
        {
            await conn.DisposeAsync();
            throw new IngestInProgressException($"Another ingest is already running against {db.Description}; wait for it to finish.");
        }
        return new IngestLock(null, null, conn);
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
            try { await _connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = CatalogDatabase.IngestLockKey }); }
            catch (NpgsqlException) { }   // closing the session releases it anyway
            await _connection.DisposeAsync();
        }
    }
}
