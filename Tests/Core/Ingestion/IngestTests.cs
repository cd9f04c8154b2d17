using System.CommandLine;
using Dapper;
using TuneBot.CatalogTool.Commands;
using TuneBot.Core.Ingestion;
using TuneBot.Core.Storage;
using TuneBot.Tests.Core.Storage;
using Xunit;

namespace TuneBot.Tests.Core.Ingestion;

[Trait("Category", "Integration")]
public class IngestTests
{
    private static string Music(CatalogTestDatabase t) => Path.Combine(t.TempDir, "music");

    /// <summary>Three distinct tracks: one tagged, two named only by their files, in an artist folder.</summary>
    private static void MakeLibrary(string music)
    {
        TestAudio.Tone(Path.Combine(music, "tagged.ogg"), 220, title: "Dawn Theme", artist: "The Testers");
        TestAudio.Tone(Path.Combine(music, "Battle OST", "02_night_song.flac"), 330);
        TestAudio.Tone(Path.Combine(music, "Battle OST", "battle.mp3"), 440);
        File.WriteAllText(Path.Combine(music, "cover.txt"), "not audio and not picked up by extension");
    }

    private static Dictionary<string, long> IdsByName(IngestReport r) =>
        r.Items.Where(i => i.TrackId is not null).ToDictionary(i => Path.GetFileName(i.Path), i => i.TrackId!.Value);

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Ingest_stores_tracks_with_metadata_and_a_rerun_changes_nothing(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        MakeLibrary(Music(t));
        var ingestor = new CatalogIngestor(t.Database);

        var first = await ingestor.RunAsync([Music(t)]);
        Assert.Empty(first.Failures);
        Assert.Equal(3, first.Count(IngestOutcome.Added));
        Assert.Equal(3, first.AnalysedFiles);
        Assert.InRange(first.AnalysedAudioSeconds, 11.5, 12.5);

        var tracks = (await new TrackStore(t.Database).ListAsync()).ToDictionary(x => Path.GetFileName(x.Path));
        Assert.Equal(("Dawn Theme", "The Testers"), (tracks["tagged.ogg"].Title, tracks["tagged.ogg"].Artist));
        Assert.Equal(("Night Song", "Battle OST"), (tracks["02_night_song.flac"].Title, tracks["02_night_song.flac"].Artist));
        Assert.Equal("Battle", tracks["battle.mp3"].Title);
        Assert.InRange(tracks["battle.mp3"].DurationSeconds, 3.9, 4.2);

        var store = new TrackStore(t.Database);
        var seq = await store.GetSequenceAsync(tracks["tagged.ogg"].Id);
        Assert.NotNull(seq);
        Assert.InRange(seq.Sequence.Frames, 40, 50);   // 4 s at ≈ 10.8 stored frames/s
        Assert.Equal(3, (await store.ListSummariesAsync()).Count);
        Assert.Equal(3, (await store.ListSequencesAsync()).Count(x => x.Sequence.Frames > 0));

        var second = await ingestor.RunAsync([Music(t)]);
        Assert.Equal(3, second.Count(IngestOutcome.Unchanged));
        Assert.Equal(0, second.AnalysedFiles);
        Assert.Equal(3L, await store.CountAsync());
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Renamed_moved_and_copied_files_are_recognised_by_content(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var music = Music(t);
        MakeLibrary(music);
        var ingestor = new CatalogIngestor(t.Database);
        var ids = IdsByName(await ingestor.RunAsync([music]));

        File.Move(Path.Combine(music, "tagged.ogg"), Path.Combine(music, "renamed.ogg"));
        Directory.CreateDirectory(Path.Combine(music, "elsewhere"));
        File.Move(Path.Combine(music, "Battle OST", "battle.mp3"), Path.Combine(music, "elsewhere", "battle.mp3"));
        File.Copy(Path.Combine(music, "Battle OST", "02_night_song.flac"), Path.Combine(music, "copy.flac"));

        var r = await ingestor.RunAsync([music]);
        Assert.Equal(0, r.AnalysedFiles);
        Assert.Equal(2, r.Count(IngestOutcome.Moved));
        Assert.Equal(1, r.Count(IngestOutcome.Duplicate));
        Assert.Equal(1, r.Count(IngestOutcome.Unchanged));
        var now = IdsByName(r);
        Assert.Equal(ids["tagged.ogg"], now["renamed.ogg"]);
        Assert.Equal(ids["battle.mp3"], now["battle.mp3"]);
        var store = new TrackStore(t.Database);
        Assert.EndsWith(Path.Combine("elsewhere", "battle.mp3"), (await store.GetAsync(ids["battle.mp3"]))!.Path);
        Assert.EndsWith("02_night_song.flac", r.Items.Single(i => i.Outcome == IngestOutcome.Duplicate).Detail);
        Assert.Equal(3L, await store.CountAsync());
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task A_changed_file_is_reanalysed_in_place_and_a_touched_one_is_not(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var music = Music(t);
        MakeLibrary(music);
        var ingestor = new CatalogIngestor(t.Database);
        var ids = IdsByName(await ingestor.RunAsync([music]));
        var store = new TrackStore(t.Database);
        var oldHash = (await store.GetAsync(ids["battle.mp3"]))!.ContentHash;

        TestAudio.Tone(Path.Combine(music, "Battle OST", "battle.mp3"), 880, seconds: 6);   // new content, same path
        File.SetLastWriteTimeUtc(Path.Combine(music, "tagged.ogg"), DateTime.UtcNow.AddHours(1));   // same content, new time

        var r = await ingestor.RunAsync([music]);
        Assert.Equal(1, r.AnalysedFiles);
        var updated = Assert.Single(r.Items, i => i.Outcome == IngestOutcome.Updated);
        Assert.Equal(ids["battle.mp3"], updated.TrackId);
        Assert.Equal(2, r.Count(IngestOutcome.Unchanged));
        var battle = (await store.GetAsync(ids["battle.mp3"]))!;
        Assert.NotEqual(oldHash, battle.ContentHash);
        Assert.InRange(battle.DurationSeconds, 5.9, 6.2);

        // The touched file's new time was recorded, so the next run does not even hash it.
        var again = await ingestor.RunAsync([music]);
        Assert.Equal(3, again.Count(IngestOutcome.Unchanged));
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Bad_files_are_skipped_with_reasons_and_the_batch_goes_on(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var music = Music(t);
        TestAudio.Tone(Path.Combine(music, "good.ogg"), 250);
        File.WriteAllBytes(Path.Combine(music, "empty.mp3"), []);
        File.WriteAllText(Path.Combine(music, "text.flac"), string.Concat(Enumerable.Repeat("this is not audio at all\n", 200)));
        var good = File.ReadAllBytes(Path.Combine(music, "good.ogg"));
        File.WriteAllBytes(Path.Combine(music, "cut.ogg"), good[..(good.Length / 10)]);
        TestAudio.Silence(Path.Combine(music, "silent.wav"));
        TestAudio.Tone(Path.Combine(music, "z-good.wav"), 310);

        var r = await new CatalogIngestor(t.Database).RunAsync([music]);
        Assert.Equal(2, r.Count(IngestOutcome.Added));
        var failures = r.Failures.ToDictionary(f => Path.GetFileName(f.Path), f => f.Detail);
        Assert.Equal(new[] { "cut.ogg", "empty.mp3", "silent.wav", "text.flac" }, failures.Keys.Order());
        Assert.All(failures.Values, reason => Assert.False(string.IsNullOrWhiteSpace(reason)));
        Assert.Contains("silen", failures["silent.wav"], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2L, await new TrackStore(t.Database).CountAsync());
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task An_interrupted_run_keeps_whole_tracks_and_the_next_run_resumes(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var music = Music(t);
        for (int i = 0; i < 6; i++) TestAudio.Tone(Path.Combine(music, $"t{i}.flac"), 200 + 60 * i, seconds: 3);

        using var cts = new CancellationTokenSource();
        var first = await new CatalogIngestor(t.Database).RunAsync([music],
            new IngestOptions { Workers = 1, Progress = p => { if (p.Phase == "analyse" && p.Done == 2) cts.Cancel(); } }, cts.Token);
        Assert.True(first.Cancelled);
        var store = new TrackStore(t.Database);
        long stored = await store.CountAsync();
        Assert.InRange(stored, 2, 3);   // the one in flight when cancelled may still be stored whole

        // Every stored track is complete: summary and sequence present.
        var summaries = await store.ListSummariesAsync();
        foreach (var track in await store.ListAsync())
        {
            Assert.Contains(summaries, x => x.TrackId == track.Id && x.Vector.Length > 0);
            Assert.True((await store.GetSequenceAsync(track.Id))!.Sequence.Frames > 0);
        }

        var second = await new CatalogIngestor(t.Database).RunAsync([music]);
        Assert.False(second.Cancelled);
        Assert.Equal((int)stored, second.Count(IngestOutcome.Unchanged));
        Assert.Equal(6 - (int)stored, second.Count(IngestOutcome.Added));
        Assert.Equal(6L, await store.CountAsync());
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task Tracks_get_ids_in_path_order_whatever_order_the_workers_finish_in(string provider)
    {
        // The first file takes several times longer than the rest, so with three workers the short ones finish
        // first; ids must still follow the paths (the clustering reads tracks by id, so the themes depend on it).
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var music = Music(t);
        TestAudio.Tone(Path.Combine(music, "a-long.flac"), 200, seconds: 40);
        for (int i = 0; i < 5; i++) TestAudio.Tone(Path.Combine(music, $"b{i}.flac"), 260 + 40 * i, seconds: 1.5);
        File.WriteAllText(Path.Combine(music, "b2-broken.mp3"), "not audio");

        var r = await new CatalogIngestor(t.Database).RunAsync([music], new IngestOptions { Workers = 3 });
        Assert.Equal(6, r.Count(IngestOutcome.Added));
        Assert.Single(r.Failures);

        var tracks = await new TrackStore(t.Database).ListAsync();
        Assert.Equal(tracks.Select(x => x.Path).Order(StringComparer.Ordinal), tracks.OrderBy(x => x.Id).Select(x => x.Path));
        Assert.Equal(tracks.Select(x => x.Path).Order(StringComparer.Ordinal),
            r.Items.Where(i => i.Outcome == IngestOutcome.Added).Select(i => i.Path));
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task A_deleted_file_is_reported_gone_and_removed_only_with_prune(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var music = Music(t);
        MakeLibrary(music);
        var other = Path.Combine(t.TempDir, "other");
        TestAudio.Tone(Path.Combine(other, "elsewhere.wav"), 500, seconds: 2);
        var ingestor = new CatalogIngestor(t.Database);
        var ids = IdsByName(await ingestor.RunAsync([music, other]));
        var store = new TrackStore(t.Database);

        File.Delete(Path.Combine(music, "Battle OST", "battle.mp3"));
        File.Delete(Path.Combine(other, "elsewhere.wav"));

        // Only the scanned folder is judged: "other" was not named, so its track is neither gone nor removed.
        var kept = await ingestor.RunAsync([music]);
        var gone = Assert.Single(kept.Items, i => i.Outcome == IngestOutcome.Gone);
        Assert.Equal((Path.Combine(music, "Battle OST", "battle.mp3"), ids["battle.mp3"], "Battle OST – Battle"), (gone.Path, gone.TrackId, gone.Detail));
        Assert.Equal(4L, await store.CountAsync());

        // A folder that is not there (an unmounted disk) is not a deleted library.
        var unmounted = await ingestor.RunAsync([other + "-unmounted"], new IngestOptions { Prune = true });
        Assert.Empty(unmounted.Items);
        Assert.Equal(4L, await store.CountAsync());

        var pruned = await ingestor.RunAsync([music], new IngestOptions { Prune = true });
        Assert.Equal(ids["battle.mp3"], Assert.Single(pruned.Items, i => i.Outcome == IngestOutcome.Removed).TrackId);
        Assert.Equal(2, pruned.Count(IngestOutcome.Unchanged));
        Assert.Equal(3L, await store.CountAsync());
        Assert.Null(await store.GetSequenceAsync(ids["battle.mp3"]));
        Assert.DoesNotContain(await store.ListSummariesAsync(), x => x.TrackId == ids["battle.mp3"]);
        Assert.Contains(await store.ListAsync(), x => x.Id == ids["elsewhere.wav"]);

        // A moved file is a move, not a gone track plus a new one.
        Directory.CreateDirectory(Path.Combine(music, "moved"));
        File.Move(Path.Combine(music, "tagged.ogg"), Path.Combine(music, "moved", "tagged.ogg"));
        var moved = await ingestor.RunAsync([music], new IngestOptions { Prune = true });
        Assert.Equal(1, moved.Count(IngestOutcome.Moved));
        Assert.Equal(0, moved.Count(IngestOutcome.Removed) + moved.Count(IngestOutcome.Gone));
        Assert.Equal(3L, await store.CountAsync());
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task A_second_ingest_against_the_same_database_is_refused(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        TestAudio.Tone(Path.Combine(Music(t), "a.ogg"), 300, seconds: 2);
        var ingestor = new CatalogIngestor(t.Database);
        await using (await IngestLock.AcquireAsync(t.Database))
        {
            var e = await Assert.ThrowsAsync<IngestInProgressException>(() => ingestor.RunAsync([Music(t)]));
            Assert.Contains("already running", e.Message);
            Assert.Equal(0L, await new TrackStore(t.Database).CountAsync());
        }
        Assert.Equal(1, (await ingestor.RunAsync([Music(t)])).Count(IngestOutcome.Added));
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task The_ingest_lock_is_free_for_another_session_as_soon_as_it_is_released(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        // Unpooled: every acquire is a session of its own, so nothing can pass because it reused the holder's session.
        var other = provider == "sqlite" ? t.Database : CatalogDatabase.Create(provider, t.Database.ConnectionString + ";Pooling=false");
        var held = await IngestLock.AcquireAsync(t.Database);
        await Assert.ThrowsAsync<IngestInProgressException>(() => IngestLock.AcquireAsync(other));
        // The holder's connection goes back to the pool, still open: only an explicit release frees the lock.
        await held.DisposeAsync();
        await using (await IngestLock.AcquireAsync(other)) { }
        await using (await IngestLock.AcquireAsync(t.Database)) { }
    }

    [Fact]
    public void Swapped_names_are_two_moves_not_two_reanalyses()
    {
        var stored = new List<TrackFileState>
        {
            new(1, "h1", "/m/a.ogg", 10, 1, TrackAnalysisVersions.Summary, 75, TrackAnalysisVersions.Sequence),
            new(2, "h2", "/m/b.ogg", 20, 1, TrackAnalysisVersions.Summary, 75, TrackAnalysisVersions.Sequence),
            new(3, "h3", "/m/c.ogg", 30, 1, TrackAnalysisVersions.Summary, 75, 0),
        };
        var files = new List<ScannedFile>
        {
            new("/m/a.ogg", "/m", 20, 2), new("/m/b.ogg", "/m", 10, 2), new("/m/c.ogg", "/m", 30, 1), new("/m/d.ogg", "/m", 5, 1),
        };
        var hashes = new Dictionary<string, string> { ["/m/a.ogg"] = "h2", ["/m/b.ogg"] = "h1", ["/m/d.ogg"] = "h4" };
        var plan = IngestPlanner.Plan(stored, files, hashes, 75, _ => false);
        Assert.Equal(new[] { IngestAction.Move, IngestAction.Move, IngestAction.Update, IngestAction.Add }, plan.Select(s => s.Action));
        Assert.Equal(new long?[] { 2, 1, 3, null }, plan.Select(s => s.TrackId));
        Assert.Equal("analysed by an older version", plan[2].Detail);
    }

    [Fact]
    public void File_names_become_titles_and_the_first_folder_the_artist()
    {
        Assert.Equal("Night Song", TrackNaming.TitleFromFileName("/x/02_night_song.flac"));
        Assert.Equal("The Dawn", TrackNaming.TitleFromFileName("/x/07 - The Dawn.mp3"));
        Assert.Equal("1979 Blues", TrackNaming.TitleFromFileName("/x/1979 blues.ogg"));
        Assert.Equal("Battle for Wesnoth OST", TrackNaming.ArtistFromFolder("/m/Battle for Wesnoth OST/sub/x.ogg", "/m"));
        Assert.Null(TrackNaming.ArtistFromFolder("/m/x.ogg", "/m"));
        Assert.Null(TrackNaming.ArtistFromFolder("/m/x.ogg", "/m/x.ogg"));
    }

    [Theory]
    [InlineData("elysis-subcities.mp3", "elysis", "Subcities")]        // a file name as the tag, artist in front
    [InlineData("calling_bogus", "www.elysis.de", "Calling Bogus")]
    [InlineData("Northern Lights.OGG", null, "Northern Lights")]
    [InlineData("  Super Tux - The Cave ", "SuperTux", "Super Tux - The Cave")]   // a real title is left as written
    [InlineData("mp3", null, "mp3")]
    [InlineData("lowercase title", null, "lowercase title")]
    public void A_title_tag_that_is_a_file_name_reads_like_a_title(string tag, string? artist, string expected)
    {
        Assert.Equal(expected, TrackNaming.TitleFromTag(tag, artist));
    }

    [Fact]
    public void An_empty_title_tag_is_no_title()
    {
        Assert.Null(TrackNaming.TitleFromTag("  ", "x"));
        Assert.Null(TrackNaming.TitleFromTag(null, null));
    }

    private static async Task<(int Code, string Out, string Err)> Cli(params string[] args)
    {
        var root = new RootCommand { IngestCommand.Create() };
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_track_without_an_artist_tag_in_the_root_is_named_after_its_album()
    {
        await using var t = await CatalogTestDatabase.CreateAsync("sqlite");
        var music = Music(t);
        TestAudio.Tone(Path.Combine(music, "hw-City.ogg"), 261.6, title: "City", album: "Hedgewars");
        TestAudio.Tone(Path.Combine(music, "bare.ogg"), 330);
        await new CatalogIngestor(t.Database).RunAsync([music]);
        var tracks = (await new TrackStore(t.Database).ListAsync()).ToDictionary(x => Path.GetFileName(x.Path));
        Assert.Equal("Hedgewars – City", tracks["hw-City.ogg"].DisplayName);
        Assert.Equal("Bare", tracks["bare.ogg"].DisplayName);
    }

    [Theory]
    [ProviderData("sqlite")]
    [ProviderData("postgres")]
    [ProviderData("mysql")]
    public async Task A_reencoded_copy_is_reported_as_the_same_recording_and_not_added(string provider)
    {
        await using var t = await CatalogTestDatabase.CreateAsync(provider);
        var music = Music(t);
        // Two different songs of the same length, so only the audio can tell them apart.
        TestAudio.Melody(Path.Combine(music, "Band", "song.flac"), 262, step: 5);
        TestAudio.Melody(Path.Combine(music, "Band", "other.flac"), 262, step: 7);
        var ingestor = new CatalogIngestor(t.Database);
        var first = await ingestor.RunAsync([music]);
        Assert.Equal(2, first.Count(IngestOutcome.Added));
        var ids = IdsByName(first);

        // One MP3 copy in a second run, an Opus copy of that MP3 in a third folder in the same run as a new song.
        var copies = Path.Combine(t.TempDir, "copies");
        TestAudio.Reencode(Path.Combine(music, "Band", "song.flac"), Path.Combine(copies, "song.mp3"), "128k");
        TestAudio.Reencode(Path.Combine(copies, "song.mp3"), Path.Combine(copies, "song-again.opus"), "64k");
        TestAudio.Melody(Path.Combine(copies, "new.flac"), 330, step: 5);
        var second = await ingestor.RunAsync([copies]);

        var same = second.Items.Where(i => i.Outcome == IngestOutcome.SameRecording).OrderBy(i => i.Path, StringComparer.Ordinal).ToList();
        Assert.Equal(["song-again.opus", "song.mp3"], same.Select(i => Path.GetFileName(i.Path)));
        Assert.All(same, i => Assert.Equal((ids["song.flac"], "Band – Song"), (i.TrackId!.Value, i.Detail)));
        Assert.Equal("new.flac", Path.GetFileName(second.Items.Single(i => i.Outcome == IngestOutcome.Added).Path));
        var stored = await new TrackStore(t.Database).ListAsync();
        Assert.Equal(3, stored.Count);
        Assert.DoesNotContain(stored, x => x.Path.StartsWith(copies + Path.DirectorySeparatorChar) && !x.Path.EndsWith("new.flac"));
    }

    [Fact]
    public async Task A_converted_song_whose_original_was_deleted_is_added()
    {
        // Converting a library to MP3 and deleting the originals must keep the MP3s, not call them copies of nothing.
        await using var t = await CatalogTestDatabase.CreateAsync("sqlite");
        var music = Music(t);
        TestAudio.Melody(Path.Combine(music, "song.flac"), 262, step: 5);
        var ingestor = new CatalogIngestor(t.Database);
        await ingestor.RunAsync([music]);
        TestAudio.Reencode(Path.Combine(music, "song.flac"), Path.Combine(music, "song.mp3"), "128k");
        File.Delete(Path.Combine(music, "song.flac"));

        var r = await ingestor.RunAsync([music], new IngestOptions { Prune = true });
        Assert.Equal((1, 1, 0), (r.Count(IngestOutcome.Added), r.Count(IngestOutcome.Removed), r.Count(IngestOutcome.SameRecording)));
        Assert.EndsWith("song.mp3", Assert.Single(await new TrackStore(t.Database).ListAsync()).Path);
    }

    [Fact]
    public async Task The_command_names_the_kept_recording_in_its_summary_and_json()
    {
        await using var t = await CatalogTestDatabase.CreateAsync("sqlite");
        var music = Music(t);
        TestAudio.Melody(Path.Combine(music, "Band", "song.flac"), 262, step: 5);
        var db = t.Database.SqliteFilePath!;
        Assert.Equal(0, (await Cli("ingest", music, "--db", db)).Item1);
        var copies = Path.Combine(t.TempDir, "copies");
        TestAudio.Reencode(Path.Combine(music, "Band", "song.flac"), Path.Combine(copies, "song.mp3"), "128k");

        var (code, stdout, _) = await Cli("ingest", copies, "--db", db);
        Assert.Equal(0, code);
        Assert.Matches(@"skipped \(same recording\)\s*│\s*1", stdout);
        // The details table wraps long paths and details at 80 columns; the exact name is checked in the JSON below.
        var details = stdout[stdout.IndexOf("Reason / detail", StringComparison.Ordinal)..];
        Assert.All(new[] { "same", "recording", "Band", "Song" }, word => Assert.Contains(word, details));

        TestAudio.Reencode(Path.Combine(music, "Band", "song.flac"), Path.Combine(copies, "song.opus"), "64k");
        (code, stdout, _) = await Cli("ingest", copies, "--db", db, "--json");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal((0, 2), (json.RootElement.GetProperty("added").GetInt32(), json.RootElement.GetProperty("sameRecordings").GetInt32()));
        Assert.All(json.RootElement.GetProperty("items").EnumerateArray(), i => Assert.Equal("Band – Song", i.GetProperty("sameRecordingAs").GetString()));
        Assert.Equal(1L, await new TrackStore(t.Database).CountAsync());
    }

    [Fact]
    public async Task The_command_prints_a_summary_and_json_and_fails_cleanly()
    {
        await using var t = await CatalogTestDatabase.CreateAsync("sqlite");
        var music = Music(t);
        TestAudio.Tone(Path.Combine(music, "one.ogg"), 261.6);
        File.WriteAllBytes(Path.Combine(music, "broken.mp3"), [1, 2, 3]);
        var db = t.Database.SqliteFilePath!;

        var (code, stdout, _) = await Cli("ingest", music, "--db", db);
        Assert.Equal(0, code);
        Assert.Matches(@"added\s*│\s*1", stdout);
        Assert.Matches(@"failed\s*│\s*1", stdout);
        Assert.Contains("broken.mp3", stdout);

        (code, stdout, _) = await Cli("ingest", music, "--db", db, "--json");
        Assert.Equal(0, code);
        using var json = System.Text.Json.JsonDocument.Parse(stdout);
        Assert.Equal(1, json.RootElement.GetProperty("unchanged").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("failed").GetInt32());

        File.Delete(Path.Combine(music, "one.ogg"));
        (code, stdout, _) = await Cli("ingest", music, "--db", db);
        Assert.Equal(0, code);
        Assert.Contains("One: file no longer exists", stdout);
        Assert.Contains("--prune", stdout);
        (code, stdout, _) = await Cli("ingest", music, "--db", db, "--prune", "--json");
        Assert.Equal(0, code);
        using (var pruned = System.Text.Json.JsonDocument.Parse(stdout))
            Assert.Equal((1, 0), (pruned.RootElement.GetProperty("removed").GetInt32(), pruned.RootElement.GetProperty("gone").GetInt32()));
        Assert.Equal(0L, await new TrackStore(t.Database).CountAsync());

        string err;
        (code, _, err) = await Cli("ingest", Path.Combine(music, "nope"), "--db", db);
        Assert.Equal(2, code);
        Assert.Contains("not found", err);

        // A folder deleted as a whole: refused without --prune (it may be an unmounted disk), pruned and listed with it.
        var album = Path.Combine(t.TempDir, "album");
        TestAudio.Tone(Path.Combine(album, "gone-song.ogg"), 392);
        (code, _, _) = await Cli("ingest", album, "--db", db);
        Assert.Equal(0, code);
        Directory.Delete(album, recursive: true);
        (code, _, err) = await Cli("ingest", album, "--db", db);
        Assert.Equal(2, code);
        Assert.Contains("--prune", err);
        Assert.Equal(1L, await new TrackStore(t.Database).CountAsync());
        (code, stdout, _) = await Cli("ingest", album, "--db", db, "--prune");
        Assert.Equal(0, code);
        Assert.Contains("gone-song.ogg", stdout);
        Assert.Matches(@"removed\s*│\s*1", stdout);
        Assert.Equal(0L, await new TrackStore(t.Database).CountAsync());

        (code, _, err) = await Cli("ingest", music, "--db", "Host=127.0.0.1;Port=1;Username=u;Password=pw;Database=d;Timeout=3");
        Assert.Equal(1, code);
        Assert.Contains("Catalog database unavailable", err);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("pw", err.Replace("password", ""));

        await using (await IngestLock.AcquireAsync(t.Database))
        {
            (code, _, err) = await Cli("ingest", music, "--db", db);
            Assert.Equal(1, code);
            Assert.Contains("already running", err);
        }
    }
}
