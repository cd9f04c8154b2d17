using System.CommandLine;
using System.Globalization;
using TuneBot.Core.Storage;
using TuneBot.Core.Recommendation;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>moods [--strategy match|lift] [--length 10] [--db CONNECTION]</c>: the mood playlists the bot would give
/// (<see cref="MoodMapping.Playlist"/> over the live run's themes and tracks), each with its tracks' mean valence
/// and arousal and the region that mean lies in, then how many tracks each pair of moods shares. The measurement
/// behind docs/mood.md. Tracks added since the run are left out (the bot places them by the run's model).
/// Exit codes: 0 ok, 2 never clustered, 1 database unreachable or an internal error.
/// </summary>
public static class MoodsCommand
{
    private static readonly (string Label, Mood Mood)[] Answers =
        [("happy", Mood.Happy), ("sad", Mood.Sad), ("angry", Mood.Angry), ("anxious", Mood.Anxious), ("neutral", Mood.Calm)];

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var strategy = new Option<string>("--strategy") { Description = "match or lift", DefaultValueFactory = _ => "match" };
        var length = new Option<int>("--length") { Description = "Tracks per playlist", DefaultValueFactory = _ => 10 };
        var db = CatalogCommandLine.DbOption();
        var command = new Command("moods", "Show each mood's playlist, its mean valence/arousal and the overlaps between moods") { strategy, length, db };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(strategy), parse.GetValue(length), parse.GetValue(db),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    private static Task<int> RunAsync(string? strategyText, int length, string? db, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        CatalogCommandLine.Guard(stderr, ct, async () =>
        {
            var strategy = (strategyText ?? "match").Trim().ToLowerInvariant() switch
            {
                "match" => MoodStrategy.Match,
                "lift" => MoodStrategy.Lift,
                _ => (MoodStrategy?)null,
            };
            if (strategy is null || length is < 1 or > 100)
            {
                await stderr.WriteLineAsync("--strategy must be match or lift, --length 1 … 100.");
                return 2;
            }
            var database = await CatalogCommandLine.OpenAsync(db, ct);
            var clusters = new ClusterStore(database);
            var run = await clusters.GetLatestRunAsync(ct);
            if (run is null)
            {
                await stderr.WriteLineAsync("The catalog has not been clustered yet: run `cluster` (after `ingest PATH…`).");
                return 2;
            }
            var themes = await clusters.GetThemesAsync(run.Id, ct);
            var assigned = (await clusters.GetAssignmentsAsync(run.Id, ct)).ToDictionary(a => a.TrackId);
            var tracks = new TrackStore(database);
            var titles = (await tracks.ListAsync(ct)).ToDictionary(t => t.Id, t => $"{t.Artist} – {t.Title}");
            var placed = (await tracks.ListSummariesAsync(ct))
                .Where(s => s.Version == run.SummaryVersion && s.Vector.Length == run.Dims && assigned.ContainsKey(s.TrackId))
                .Select(s => MoodTrack.FromSummary(s.TrackId, assigned[s.TrackId].ClusterId, s.Vector, assigned[s.TrackId].Distance))
                .ToDictionary(t => t.TrackId);
            var byCluster = themes.ToDictionary(t => t.ClusterId);
            double split = MoodMapping.AngrySplit(placed.Values);
            await stdout.WriteLineAsync($"{placed.Count} tracks of run {run.Id} (k = {run.K}); angry/anxious border at {split.ToString("F0", CultureInfo.InvariantCulture)}°.");

            string F(double v) => v.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
            var lists = new Dictionary<Mood, IReadOnlyList<long>>();
            foreach (var (label, mood) in Answers)
            {
                var p = MoodMapping.Playlist(label, strategy.Value, themes, placed.Values.ToList(), length);
                lists[mood] = p.TrackIds;
                double v = p.TrackIds.Count == 0 ? 0 : p.TrackIds.Average(id => placed[id].Valence);
                double a = p.TrackIds.Count == 0 ? 0 : p.TrackIds.Average(id => placed[id].Arousal);
                await stdout.WriteLineAsync($"{mood.ToString().ToLowerInvariant()} ({string.Join(" → ", p.Regions.Select(r => r.Mood.ToString().ToLowerInvariant()))}): " +
                    $"{p.Theme?.Emoji} {p.Theme?.NameEn}; mean valence {F(v)}, arousal {F(a)} → {MoodMapping.RegionOf(v, a, split).ToString().ToLowerInvariant()} region");
                var fromThemes = p.TrackIds.GroupBy(id => placed[id].ClusterId)
                    .Select(g => $"{(byCluster.TryGetValue(g.Key, out var t) ? t.NameEn : g.Key.ToString(CultureInfo.InvariantCulture))} ×{g.Count()}");
                await stdout.WriteLineAsync($"  from: {string.Join(", ", fromThemes)}");
                foreach (var id in p.TrackIds)
                    await stdout.WriteLineAsync($"  {titles.GetValueOrDefault(id, id.ToString(CultureInfo.InvariantCulture))} ({F(placed[id].Valence)}, {F(placed[id].Arousal)})");
            }
            await stdout.WriteLineAsync("Shared tracks:");
            foreach (var (x, _) in Answers.Select(a => (a.Mood, 0)))
                foreach (var (y, _) in Answers.Select(a => (a.Mood, 0)).Where(b => b.Mood > x))
                    await stdout.WriteLineAsync($"  {x.ToString().ToLowerInvariant()} ∩ {y.ToString().ToLowerInvariant()}: {lists[x].Intersect(lists[y]).Count()} of {length}");
            return 0;
        });
}
