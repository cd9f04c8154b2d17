using Dapper;
using TuneBot.Core.Storage;
using TuneBot.Core.Features;
using Xunit;

namespace TuneBot.Tests.Core.Storage;

[Trait("Category", "Integration")]
public class CatalogStorageTests
{
    private static readonly string[] Tables =
        ["tracks", "cluster_runs", "cluster_assignments", "themes",
         "bot_state", "handled_updates", "sent_replies", "feedback", "theme_choices", "schema_version", "catalog_revision",
         "track_landmarks"];

    internal static AnalysedTrack MakeTrack(string hash, string path, int seconds = 30, float offset = 0)
    {
        int frames = (int)(seconds * 22050.0 / 512);
        var mfcc = new FeatureMatrix(20, frames);
        var chroma = new FeatureMatrix(12, frames);
        for (int r = 0; r < 20; r++) for (int t = 0; t < frames; t++) mfcc[r, t] = offset + r * 3 - MathF.Sin(t * 0.05f + r) * 10;
        for (int r = 0; r < 12; r++) for (int t = 0; t < frames; t++) chroma[r, t] = (r + t) % 12 / 11f;
        var summary = Enumerable.Range(0, 75).Select(i => i * 0.5 + offset).ToArray();
        return new AnalysedTrack(hash, path, "Title " + hash, "Artist", null, seconds, 1234, 5678, summary,
            TrackAnalysisVersions.Summary, SequenceEncoding.Encode(SearchFeatures(mfcc, chroma)));
    }

    // The stored sequence's 31 rows (SearchFrames layout): MFCC 1–19 then chroma.
    private static FeatureMatrix SearchFeatures(FeatureMatrix mfcc, FeatureMatrix chroma)
    {
        var m = new FeatureMatrix(SequenceEncoding.Dims, mfcc.Frames);
        for (int r = 0; r < 19; r++) mfcc.Row(r + 1).CopyTo(m.Row(r));
        for (int r = 0; r < 12; r++) chroma.Row(r).CopyTo(m.Row(19 + r));
        return m;
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Migrations_create_every_table_and_are_idempotent(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider, migrate: false);
        Assert.Equal(0, await t.Database.GetSchemaVersionAsync());
        Assert.Equal(CatalogDatabase.LatestSchemaVersion, await t.Database.MigrateAsync());
        Assert.Equal(CatalogDatabase.LatestSchemaVersion, await t.Database.MigrateAsync());
        Assert.Equal(CatalogDatabase.LatestSchemaVersion, await t.Database.GetSchemaVersionAsync());
        await using var conn = await t.Database.OpenAsync();
        // One schema_version row per migration; versions may skip a number (one reserved by another branch).
        Assert.Equal(CatalogDatabase.LatestSchemaVersion, await conn.ExecuteScalarAsync<long>("SELECT MAX(version) FROM schema_version"));
        foreach (var table in Tables.Where(x => x != "schema_version"))
            Assert.Equal(table == "catalog_revision" ? 1 : 0, await conn.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
        if (provider == "mysql")
        {
            // Every table InnoDB in utf8mb4 with a binary collation, although the test database's default is latin1.
            var tables = (await conn.QueryAsync<(string Name, string Engine, string Collation)>(
                "SELECT table_name, engine, table_collation FROM information_schema.tables WHERE table_schema = DATABASE()")).ToList();
            Assert.Equal(Tables.Order(), tables.Select(x => x.Name).Order());
            Assert.All(tables, x => Assert.Equal(("InnoDB", "utf8mb4_bin"), (x.Engine, x.Collation)));
        }
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Concurrent_start_ups_migrate_once(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider, migrate: false);
        var versions = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => t.Database.MigrateAsync())));
        Assert.All(versions, v => Assert.Equal(CatalogDatabase.LatestSchemaVersion, v));
        await using var conn = await t.Database.OpenAsync();
        // Each migration recorded once (versions may skip a number reserved by another branch).
        Assert.Equal((long)CatalogDatabase.LatestSchemaVersion, await conn.ExecuteScalarAsync<long>("SELECT MAX(version) FROM schema_version"));
        Assert.Equal(await conn.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT version) FROM schema_version"),
            await conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Migration_4_drops_the_window_summaries_and_keeps_the_tracks_current(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider, migrate: false);
        Assert.Equal(3, await t.Database.MigrateAsync(3));
        var store = new TrackStore(t.Database);
        var track = MakeTrack("old1", "/music/old.ogg", seconds: 20);
        await using (var conn = await t.Database.OpenAsync())
        {
            // A track as schema 3 stored it, with one window summary beside it.
            var id = await conn.ExecuteScalarAsync<long>(t.Database.Dialect.InsertReturningId(
                "INSERT INTO tracks (content_hash, path, title, duration_s, file_size, file_mtime_ms, summary, summary_dims, " +
                "summary_version, sequence, sequence_frames, sequence_dims, sequence_encoding, analysed_at) VALUES " +
                "(@ContentHash, @Path, @Title, @DurationSeconds, @FileSize, @FileMtimeMs, @summary, @dims, @SummaryVersion, " +
                "@data, @frames, @seqDims, @encoding, @at)"),
                new
                {
                    track.ContentHash, track.Path, track.Title, track.DurationSeconds, track.FileSize, track.FileMtimeMs,
                    summary = VectorCodec.FromDoubles(track.Summary), dims = track.Summary.Length, track.SummaryVersion,
                    data = track.Sequence.Data, frames = track.Sequence.Frames, seqDims = track.Sequence.Dims,
                    encoding = track.Sequence.Encoding, at = DateTime.UtcNow,
                });
            await conn.ExecuteAsync("INSERT INTO track_windows (track_id, window_index, start_s, dims, version, vector) VALUES (@id, 0, 0, 1, 1, @v)",
                new { id, v = new byte[4] });
        }

        Assert.Equal(4, await t.Database.MigrateAsync(4));
        await using (var conn = await t.Database.OpenAsync())
            await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => conn.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM track_windows"));
        // The track survives whole, and ingest still counts it as analysed by the current versions.
        var state = Assert.Single(await store.ListFileStatesAsync());
        Assert.Equal(("old1", "/music/old.ogg"), (state.ContentHash, state.Path));
        Assert.True(TrackAnalysisVersions.IsCurrent(state, track.Summary.Length));
        Assert.Equal(track.Sequence.Data, (await store.GetSequenceAsync(state.Id))!.Sequence.Data);
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task A_track_round_trips_with_its_sequence(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var store = new TrackStore(t.Database);
        var track = MakeTrack("aa11", "/music/a.ogg", seconds: 60);
        var id = await store.SaveAsync(track);

        var meta = await store.GetAsync(id);
        Assert.NotNull(meta);
        Assert.Equal(("aa11", "/music/a.ogg", "Title aa11", "Artist", (string?)null, 60.0),
            (meta.ContentHash, meta.Path, meta.Title, meta.Artist, meta.Album, meta.DurationSeconds));
        Assert.Equal(DateTimeKind.Utc, meta.AnalysedAt.Kind);
        Assert.InRange((DateTime.UtcNow - meta.AnalysedAt).TotalMinutes, -1, 5);
        Assert.Equal(id, (await store.FindByHashAsync("aa11"))?.Id);

        var summaries = await store.ListSummariesAsync();
        Assert.Equal(track.Summary, Assert.Single(summaries).Vector);

        var seq = await store.GetSequenceAsync(id);
        Assert.NotNull(seq);
        Assert.Equal(track.Sequence.Data, seq.Sequence.Data);
        Assert.Equal((track.Sequence.Frames, SequenceEncoding.Dims, SequenceEncoding.Version), (seq.Sequence.Frames, seq.Sequence.Dims, seq.Sequence.Encoding));

        var state = Assert.Single(await store.ListFileStatesAsync());
        Assert.Equal((1234L, 5678L, TrackAnalysisVersions.Summary, TrackAnalysisVersions.Sequence),
            (state.FileSize, state.FileMtimeMs, state.SummaryVersion, state.SequenceEncoding));
        Assert.True(TrackAnalysisVersions.IsCurrent(state, track.Summary.Length));
        Assert.False(TrackAnalysisVersions.IsCurrent(state, track.Summary.Length + 1));
        Assert.False(TrackAnalysisVersions.IsCurrent(state with { SequenceEncoding = TrackAnalysisVersions.Sequence - 1 }, track.Summary.Length));
        Assert.False(TrackAnalysisVersions.IsCurrent(state with { SummaryVersion = TrackAnalysisVersions.Summary + 1 }, track.Summary.Length));
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Replacing_moving_and_deleting_keep_the_catalog_consistent(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var store = new TrackStore(t.Database);
        // Every kind of change raises the revision a running bot's cache watches, even at an unchanged count.
        var revisions = new List<(long Tracks, long Revision)> { await store.GetRevisionAsync() };
        var id = await store.SaveAsync(MakeTrack("h1", "/a.ogg", 60));
        var other = await store.SaveAsync(MakeTrack("h2", "/b.ogg", 20));
        revisions.Add(await store.GetRevisionAsync());

        var changed = MakeTrack("h3", "/a.ogg", 12, offset: 5);
        Assert.Equal(id, await store.SaveAsync(changed, replaceId: id));
        Assert.Equal("h3", (await store.GetAsync(id))!.ContentHash);
        Assert.Equal(changed.Sequence.Data, (await store.GetSequenceAsync(id))!.Sequence.Data);
        Assert.Equal(2, (await store.ListSequencesAsync()).Count);
        revisions.Add(await store.GetRevisionAsync());

        Assert.True(await store.UpdateFileAsync(other, "/moved/b.ogg", 99, 100));
        Assert.Equal("/moved/b.ogg", (await store.GetAsync(other))!.Path);
        revisions.Add(await store.GetRevisionAsync());
        Assert.Equal(new long[] { 0, 2, 2, 2 }, revisions.Select(r => r.Tracks));
        Assert.Equal(revisions.Count, revisions.Select(r => r.Revision).Distinct().Count());
        Assert.Equal(revisions.Select(r => r.Revision).Order(), revisions.Select(r => r.Revision));

        // Content hash is unique: a second row for the same audio is refused.
        await Assert.ThrowsAnyAsync<Exception>(() => store.SaveAsync(MakeTrack("h2", "/c.ogg")));

        var clusters = new ClusterStore(t.Database);
        var runId = await clusters.SaveRunAsync(ClusterStoreTests.MakeRun(2, 3), [new(id, 0, 1), new(other, 1, 2)], []);
        Assert.True(await store.DeleteAsync(id));
        Assert.Null(await store.GetAsync(id));
        Assert.Equal(1L, await store.CountAsync());
        Assert.True((await store.GetRevisionAsync()).Revision > revisions[^1].Revision);
        Assert.Equal(other, Assert.Single(await store.ListSummariesAsync()).TrackId);
        Assert.Equal(other, Assert.Single(await clusters.GetAssignmentsAsync(runId)).TrackId);
        Assert.Single(await store.ListSequencesAsync([id, other]));
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Concurrent_writers_all_succeed(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var store = new TrackStore(t.Database);
        var ids = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => store.SaveAsync(MakeTrack($"c{i}", $"/c{i}.ogg", 20)))));
        Assert.Equal(12, ids.Distinct().Count());
        Assert.Equal(12L, await store.CountAsync());
        if (provider == "sqlite")
        {
            await using var conn = await t.Database.OpenAsync();
            Assert.Equal("delete", await conn.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
            Assert.Equal(30000L, await conn.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        }
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Bot_state_tables_follow_the_contract(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        await using var conn = await t.Database.OpenAsync();
        var now = DateTime.UtcNow;
        // The upsert another writer of these tables would use, in each engine's own spelling (`key` is reserved in MySQL).
        string upsert = provider == "mysql"
            ? "INSERT INTO bot_state (`key`, value) VALUES ('update_offset', @v) ON DUPLICATE KEY UPDATE value = VALUES(value)"
            : "INSERT INTO bot_state (key, value) VALUES ('update_offset', @v) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        await conn.ExecuteAsync(upsert, new { v = "42" });
        await conn.ExecuteAsync(upsert, new { v = "43" });
        Assert.Equal("43", await conn.ExecuteScalarAsync<string>("SELECT value FROM bot_state"));
        await conn.ExecuteAsync("INSERT INTO handled_updates (update_id, chat_id, status, updated_at) VALUES (@u, @c, 'claimed', @now)",
            new { u = 5_000_000_000L, c = -1001234567890L, now });
        Assert.Equal(1, await conn.ExecuteAsync("UPDATE handled_updates SET status = 'done' WHERE update_id = @u", new { u = 5_000_000_000L }));
        await conn.ExecuteAsync("INSERT INTO sent_replies (update_id, seq, chat_id, sent_at) VALUES (1, 0, 7, @now)", new { now });
        await Assert.ThrowsAnyAsync<Exception>(() => conn.ExecuteAsync("INSERT INTO sent_replies (update_id, seq, chat_id, sent_at) VALUES (1, 0, 7, @now)", new { now }));
        await conn.ExecuteAsync("INSERT INTO feedback (chat_id, kind, value, created_at) VALUES (7, 'like', '12', @now)", new { now });
        await conn.ExecuteAsync("INSERT INTO feedback (chat_id, kind, value, created_at) VALUES (7, 'dislike', '13', @now)", new { now });
        Assert.Equal(new long[] { 1, 2 }, (await conn.QueryAsync<long>("SELECT id FROM feedback ORDER BY id")).ToArray());
        await conn.ExecuteAsync("INSERT INTO theme_choices (chat_id, cluster_run_id, cluster_id, created_at) VALUES (7, NULL, 3, @now)", new { now });
        Assert.Equal(3L, await conn.ExecuteScalarAsync<long>("SELECT cluster_id FROM theme_choices"));
    }

    [Fact]
    public async Task An_unreachable_postgres_server_is_reported_without_a_stack_trace()
    {
        var db = CatalogDatabase.Create("postgres", "Host=127.0.0.1;Port=1;Username=u;Password=secret;Database=d;Timeout=3");
        var e = await Assert.ThrowsAsync<CatalogUnavailableException>(() => db.MigrateAsync());
        Assert.Contains("127.0.0.1:1", e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        await Assert.ThrowsAsync<CatalogUnavailableException>(() => new TrackStore(db).CountAsync());
    }

    [Fact]
    public async Task An_unreachable_mysql_server_is_reported_without_a_stack_trace()
    {
        var db = CatalogDatabase.Create("mysql", "Server=127.0.0.1;Port=1;User ID=u;Password=secret;Database=d;Connection Timeout=3");
        var e = await Assert.ThrowsAsync<CatalogUnavailableException>(() => db.MigrateAsync());
        Assert.Contains("mysql u@127.0.0.1:1/d", e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.DoesNotContain("\n", e.Message);
        await Assert.ThrowsAsync<CatalogUnavailableException>(() => new TrackStore(db).CountAsync());
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Korean_text_emoji_and_a_long_tracks_sequence_round_trip_exactly(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var store = new TrackStore(t.Database);
        // Ten minutes (the ingest limit): a sequence far past 64 KiB, which a MySQL BLOB (not LONGBLOB) would refuse.
        var track = MakeTrack("long", "/음악/밤의 노래 🌙.ogg", seconds: 600) with { Title = "밤의 노래 🌙", Artist = "아이유", Album = "Palette" };
        Assert.True(track.Sequence.Data.Length > 1 << 16, $"sequence is only {track.Sequence.Data.Length} bytes");
        var id = await store.SaveAsync(track);

        var meta = (await store.GetAsync(id))!;
        Assert.Equal(("/음악/밤의 노래 🌙.ogg", "밤의 노래 🌙", "아이유", "Palette"), (meta.Path, meta.Title, meta.Artist, meta.Album));
        Assert.Equal(track.Sequence.Data, (await store.GetSequenceAsync(id))!.Sequence.Data);
        // Byte-wise comparison, as SQLite and PostgreSQL (C collation) make it: a hash differing only in case is another track.
        await store.SaveAsync(MakeTrack("LONG", "/b.ogg"));
        Assert.Equal(2L, await store.CountAsync());
        Assert.Equal(id, (await store.FindByHashAsync("long"))!.Id);
    }

    [Fact]
    public async Task A_sqlite_file_that_cannot_be_opened_is_reported()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tunebot-catalog-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var notADb = Path.Combine(dir, "garbage.db");
            await File.WriteAllBytesAsync(notADb, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray());
            var e = await Assert.ThrowsAsync<CatalogUnavailableException>(() => CatalogDatabase.Create("sqlite", notADb).MigrateAsync());
            Assert.Contains("garbage.db", e.Message);

            var underAFile = Path.Combine(notADb, "sub", "x.db");   // its "folder" is a file
            await Assert.ThrowsAsync<CatalogUnavailableException>(() => CatalogDatabase.Create("sqlite", underAFile).MigrateAsync());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Provider_and_connection_string_are_resolved_from_settings_and_the_command_line()
    {
        Assert.Equal(Path.GetFullPath(CatalogDatabase.DefaultSqlitePath), CatalogDatabase.Create(null, null).SqliteFilePath);
        Assert.Equal(CatalogProvider.Postgres, CatalogDatabase.FromCommandLine("postgres://u:pw@db.example:5433/cat", null, null).Provider);
        var pg = CatalogDatabase.FromCommandLine("postgres://u:pw@db.example:5433/cat", null, null);
        Assert.Equal("postgres u@db.example:5433/cat", pg.Description);
        Assert.Equal(CatalogProvider.Postgres, CatalogDatabase.FromCommandLine(null, "postgres", "Host=x;Database=y").Provider);
        Assert.Equal(Path.GetFullPath("x/y.db"), CatalogDatabase.FromCommandLine("Data Source=x/y.db", "postgres", "Host=z").SqliteFilePath);
        Assert.Throws<ArgumentException>(() => CatalogDatabase.Create("mysql", null));
        Assert.Throws<ArgumentException>(() => CatalogDatabase.Create("postgres", ""));
        Assert.Throws<ArgumentException>(() => CatalogDatabase.Create("oracle", "x"));

        var my = CatalogDatabase.FromCommandLine("mysql://tb:p%40ss@db.example:3307/catalog", null, null);
        Assert.Equal((CatalogProvider.MySql, "mysql tb@db.example:3307/catalog"), (my.Provider, my.Description));
        Assert.Contains("Password=p@ss", my.ConnectionString);
        Assert.Equal(CatalogProvider.MySql, CatalogDatabase.Create("mariadb", "Server=x;Database=y").Provider);
        // A key=value string naming a server: the configured server provider, else Npgsql's "Host" / MySqlConnector's "Server".
        Assert.Equal(CatalogProvider.MySql, CatalogDatabase.FromCommandLine("Server=x;User ID=u;Database=y", null, null).Provider);
        Assert.Equal(CatalogProvider.MySql, CatalogDatabase.FromCommandLine("Host=x;Database=y", "mysql", null).Provider);
        Assert.Equal(CatalogProvider.Postgres, CatalogDatabase.FromCommandLine("Server=x;Database=y", "postgres", null).Provider);
        Assert.Equal(CatalogProvider.MySql, CatalogDatabase.FromCommandLine(null, "mysql", "Server=x;Database=y").Provider);
        Assert.Equal(CatalogProvider.MySql, CatalogDatabase.FromCommandLine(my.ConnectionString, null, null).Provider);
        // MySQL keeps every table in one database: a connection string without one is refused up front.
        Assert.Throws<ArgumentException>(() => CatalogDatabase.Create("mysql", "Server=x;User ID=u"));
    }
}
