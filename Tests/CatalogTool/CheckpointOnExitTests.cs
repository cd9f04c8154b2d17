using System.Diagnostics;
using Microsoft.Data.Sqlite;
using TuneBot.Core.Ingestion;
using TuneBot.Tests.Core.Storage;
using Xunit;

namespace TuneBot.Tests.CatalogTool;

/// <summary>After a catalog-tool command exits, the SQLite .db file alone holds everything it wrote.</summary>
[Trait("Category", "Integration")]
public sealed class CheckpointOnExitTests
{
    [Fact]
    public async Task A_copy_of_the_db_file_alone_has_the_cluster_run_the_command_just_stored()
    {
        await using var t = await CatalogTestDatabase.CreateAsync("sqlite");
        var music = Path.Combine(t.TempDir, "music");
        TestAudio.Tone(Path.Combine(music, "a.ogg"), 220);
        TestAudio.Tone(Path.Combine(music, "b.ogg"), 330);
        TestAudio.Tone(Path.Combine(music, "c.ogg"), 660);
        await new CatalogIngestor(t.Database).RunAsync([music]);
        SqliteConnection.ClearAllPools();
        var db = t.Database.SqliteFilePath!;
        // The bot (or a sqlite3 shell) has the catalog open: the command's connection is not the last one, so SQLite
        // does not fold the -wal file back by itself when the command's connection closes.
        await using var bot = new SqliteConnection($"Data Source={db};Pooling=False");
        await bot.OpenAsync();
        await using (var read = bot.CreateCommand())
        {
            read.CommandText = "SELECT COUNT(*) FROM tracks";
            Assert.Equal(3L, (long)(await read.ExecuteScalarAsync())!);
        }

        var start = new ProcessStartInfo("dotnet", [CatalogToolProcess.Dll, "cluster", "--k", "2", "--db", db])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using (var process = Process.Start(start)!)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
            Assert.True(process.ExitCode == 0, await stderr);
        }

        // The obvious backup: copy the .db file, nothing else.
        var backup = Path.Combine(t.TempDir, "backup.db");
        File.Copy(db, backup);
        await using var conn = new SqliteConnection($"Data Source={backup};Pooling=False");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM cluster_runs";
        Assert.Equal(1L, (long)(await cmd.ExecuteScalarAsync())!);
    }
}
