using Dapper;
using Microsoft.Data.Sqlite;
using TuneBot.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Core.Storage;

/// <summary>
/// The SQLite catalog uses a rollback journal, not WAL: WAL's memory-mapped -shm file turns a full or read-only disk
/// into SIGBUS, a rollback journal turns it into an error the bot can report and survive.
/// </summary>
public sealed class SqliteJournalTests
{
    [Fact]
    public async Task A_new_catalog_has_a_rollback_journal_and_no_shared_memory_file()
    {
        await using var t = await CatalogTestDatabase.CreateAsync("sqlite");
        await new TrackStore(t.Database).SaveAsync(CatalogStorageTests.MakeTrack("j1", "/j1.ogg"));
        await using (var conn = await t.Database.OpenAsync())
            Assert.Equal("delete", await conn.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.False(File.Exists(t.Database.SqliteFilePath + "-shm"));
        Assert.False(File.Exists(t.Database.SqliteFilePath + "-wal"));
    }

    [Fact]
    public async Task A_catalog_left_in_wal_mode_by_an_older_version_is_converted_at_start_with_its_data()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tunebot-journal-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, "catalog.db");
        try
        {
            var old = CatalogDatabase.Create("sqlite", file);
            await old.MigrateAsync();
            await using (var conn = await old.OpenAsync())
                Assert.Equal("wal", await conn.ExecuteScalarAsync<string>("PRAGMA journal_mode = WAL"));
            await new TrackStore(old).SaveAsync(CatalogStorageTests.MakeTrack("w1", "/w1.ogg"));
            SqliteConnection.ClearAllPools();

            var db = await CatalogDatabase.OpenAndMigrateAsync(CatalogDatabase.Create("sqlite", file));
            await using (var conn = await db.OpenAsync())
                Assert.Equal("delete", await conn.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
            Assert.Equal(1L, await new TrackStore(db).CountAsync());
            SqliteConnection.ClearAllPools();
            Assert.False(File.Exists(file + "-shm"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_write_that_cannot_reach_the_disk_is_an_unavailable_error_and_loses_nothing_already_stored()
    {
        await using var t = await CatalogTestDatabase.CreateAsync("sqlite");
        var store = new TrackStore(t.Database);
        await store.SaveAsync(CatalogStorageTests.MakeTrack("k1", "/k1.ogg"));
        await t.Database.ProbeWritableAsync();

        // The journal cannot be created (a folder holds its name): the form of a full or read-only filesystem that
        // needs no privileges, and works for root too.
        var journal = t.Database.SqliteFilePath + "-journal";
        Directory.CreateDirectory(journal);
        try
        {
            await Assert.ThrowsAsync<CatalogUnavailableException>(() => store.SaveAsync(CatalogStorageTests.MakeTrack("k2", "/k2.ogg")));
            await Assert.ThrowsAsync<CatalogUnavailableException>(() => t.Database.ProbeWritableAsync());
        }
        finally
        {
            Directory.Delete(journal);
        }
        await t.Database.ProbeWritableAsync();
        Assert.Equal(1L, await store.CountAsync());
    }
}
