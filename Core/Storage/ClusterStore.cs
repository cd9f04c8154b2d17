using System.Text.Json;
using Dapper;

namespace TuneBot.Core.Storage;

/// <summary>
/// Versioned clustering runs, their assignments and themes. The newest run (highest id) is the live one. All
/// methods throw <see cref="CatalogUnavailableException"/> when the database cannot be reached.
/// </summary>
public sealed class ClusterStore(CatalogDatabase db)
{
    private const string RunColumns =
        "id AS Id, k AS K, seed AS Seed, k_selection AS KSelection, created_at AS CreatedAt, track_count AS TrackCount, " +
        "dims AS Dims, summary_version AS SummaryVersion, means AS Means, scales AS Scales, centroids AS Centroids, " +
        "inertia_curve AS InertiaCurve, inertia AS Inertia, silhouette AS Silhouette";

    private const string ThemeColumns =
        "cluster_id AS ClusterId, name_en AS NameEn, name_ko AS NameKo, description_en AS DescriptionEn, " +
        "description_ko AS DescriptionKo, emoji AS Emoji, valence AS Valence, arousal AS Arousal, renamed_by_operator AS RenamedByOperator";

    /// <summary>
    /// Stores a run with its assignments and themes in one transaction and returns its id (the new live run).
    /// </summary>
    /// <exception cref="ArgumentException">Centroids, means and scales disagree in shape, or a cluster id is out of range.</exception>
    public Task<long> SaveRunAsync(ClusterRun run, IReadOnlyList<ClusterAssignment> assignments, IReadOnlyList<Theme> themes,
        CancellationToken ct = default)
    {
        if (run.Scales.Length != run.Dims || run.Centroids.Length != run.K || run.Centroids.Any(c => c.Length != run.Dims))
            throw new ArgumentException("A run needs K centroids and means/scales/centroids of one length.", nameof(run));
        if (assignments.Any(a => a.ClusterId < 0 || a.ClusterId >= run.K) || themes.Any(t => t.ClusterId < 0 || t.ClusterId >= run.K))
            throw new ArgumentException("Cluster ids must lie in 0 … K−1.");
        return db.InTransactionAsync(async (conn, tx) =>
        {
            long id = await conn.ExecuteScalarAsync<long>(new CommandDefinition(db.Dialect.InsertReturningId(
                "INSERT INTO cluster_runs (k, seed, k_selection, created_at, track_count, dims, summary_version, means, scales, " +
                "centroids, inertia_curve, inertia, silhouette) VALUES (@K, @Seed, @KSelection, @CreatedAt, @TrackCount, @Dims, " +
                "@SummaryVersion, @means, @scales, @centroids, @curve, @Inertia, @Silhouette)"),
                new
                {
                    run.K, run.Seed, run.KSelection, CreatedAt = DateTime.SpecifyKind(run.CreatedAt, DateTimeKind.Utc), run.TrackCount,
                    run.Dims, run.SummaryVersion, means = VectorCodec.FromDoubles(run.Means), scales = VectorCodec.FromDoubles(run.Scales),
                    centroids = VectorCodec.FromDoubles(run.Centroids.SelectMany(c => c).ToArray()),
                    curve = JsonSerializer.Serialize(run.InertiaCurve.Select(p => new[] { p.K, p.Inertia })),
                    run.Inertia, run.Silhouette,
                }, tx, cancellationToken: ct));
            if (assignments.Count > 0)
                await conn.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO cluster_assignments (run_id, track_id, cluster_id, distance, x, y) VALUES (@id, @TrackId, @ClusterId, @Distance, @X, @Y)",
                    assignments.Select(a => new { id, a.TrackId, a.ClusterId, a.Distance, a.X, a.Y }), tx, cancellationToken: ct));
            await InsertThemes(conn, tx, id, themes, ct);
            return id;
        }, ct);
    }

    /// <summary>The live run (highest id), or null when the catalog was never clustered.</summary>
    public Task<ClusterRun?> GetLatestRunAsync(CancellationToken ct = default) =>
        db.RunAsync(async conn => (await conn.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM cluster_runs ORDER BY id DESC LIMIT 1", cancellationToken: ct)))?.ToRun(), ct);

    /// <summary>A run by id, or null.</summary>
    public Task<ClusterRun?> GetRunAsync(long runId, CancellationToken ct = default) =>
        db.RunAsync(async conn => (await conn.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM cluster_runs WHERE id = @runId", new { runId }, cancellationToken: ct)))?.ToRun(), ct);

    /// <summary>All runs, newest first.</summary>
    public Task<IReadOnlyList<ClusterRun>> ListRunsAsync(CancellationToken ct = default) =>
        db.RunAsync<IReadOnlyList<ClusterRun>>(async conn => (await conn.QueryAsync<RunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM cluster_runs ORDER BY id DESC", cancellationToken: ct))).Select(r => r.ToRun()).ToList(), ct);

    /// <summary>A run's assignments, by track id.</summary>
    public Task<IReadOnlyList<ClusterAssignment>> GetAssignmentsAsync(long runId, CancellationToken ct = default) =>
        db.RunAsync<IReadOnlyList<ClusterAssignment>>(async conn => (await conn.QueryAsync<AssignmentRow>(new CommandDefinition(
            "SELECT track_id AS TrackId, cluster_id AS ClusterId, distance AS Distance, x AS X, y AS Y FROM cluster_assignments " +
            "WHERE run_id = @runId ORDER BY track_id", new { runId }, cancellationToken: ct)))
            .Select(r => new ClusterAssignment(r.TrackId, (int)r.ClusterId, r.Distance, r.X, r.Y)).ToList(), ct);

    /// <summary>A run's assignments joined with track metadata, by cluster then distance to the centroid (most typical first).</summary>
    public Task<IReadOnlyList<ClusterMember>> GetMembersAsync(long runId, CancellationToken ct = default) =>
        db.RunAsync<IReadOnlyList<ClusterMember>>(async conn => (await conn.QueryAsync<MemberRow>(new CommandDefinition(
            "SELECT a.track_id AS TrackId, a.cluster_id AS ClusterId, a.distance AS Distance, a.x AS X, a.y AS Y, " +
            "t.title AS Title, t.artist AS Artist, t.path AS Path FROM cluster_assignments a JOIN tracks t ON t.id = a.track_id " +
            "WHERE a.run_id = @runId ORDER BY a.cluster_id, a.distance, a.track_id", new { runId }, cancellationToken: ct)))
            .Select(r => new ClusterMember(r.TrackId, (int)r.ClusterId, r.Distance, r.X, r.Y, r.Title, r.Artist, r.Path)).ToList(), ct);

    /// <summary>Stores 2-D map positions for a run's tracks.</summary>
    public Task<int> UpdateMapPositionsAsync(long runId, IReadOnlyList<(long TrackId, double X, double Y)> positions, CancellationToken ct = default) =>
        db.InTransactionAsync((conn, tx) => conn.ExecuteAsync(new CommandDefinition(
            "UPDATE cluster_assignments SET x = @X, y = @Y WHERE run_id = @runId AND track_id = @TrackId",
            positions.Select(p => new { runId, p.TrackId, p.X, p.Y }), tx, cancellationToken: ct)), ct);

    /// <summary>A run's themes, by cluster id.</summary>
    public Task<IReadOnlyList<Theme>> GetThemesAsync(long runId, CancellationToken ct = default) =>
        db.RunAsync<IReadOnlyList<Theme>>(async conn => (await conn.QueryAsync<ThemeRow>(new CommandDefinition(
            $"SELECT {ThemeColumns} FROM themes WHERE run_id = @runId ORDER BY cluster_id", new { runId }, cancellationToken: ct)))
            .Select(r => r.ToTheme()).ToList(), ct);

    /// <summary>Replaces all themes of a run.</summary>
    public Task ReplaceThemesAsync(long runId, IReadOnlyList<Theme> themes, CancellationToken ct = default) =>
        db.InTransactionAsync(async (conn, tx) =>
        {
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM themes WHERE run_id = @runId", new { runId }, tx, cancellationToken: ct));
            await InsertThemes(conn, tx, runId, themes, ct);
            return 0;
        }, ct);

    /// <summary>
    /// An operator's new name(s) for a theme (null leaves that language as it is); marks the theme renamed so the
    /// names survive re-clustering. Returns false when the run has no such cluster.
    /// </summary>
    public Task<bool> RenameThemeAsync(long runId, int clusterId, string? nameEn, string? nameKo, CancellationToken ct = default) =>
        db.RunAsync(async conn => await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE themes SET name_en = COALESCE(@nameEn, name_en), name_ko = COALESCE(@nameKo, name_ko), renamed_by_operator = @renamed " +
            "WHERE run_id = @runId AND cluster_id = @clusterId", new { runId, clusterId, nameEn, nameKo, renamed = true }, cancellationToken: ct)) > 0, ct);

    private static Task InsertThemes(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx, long runId,
        IReadOnlyList<Theme> themes, CancellationToken ct) =>
        themes.Count == 0 ? Task.CompletedTask : conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO themes (run_id, cluster_id, name_en, name_ko, description_en, description_ko, emoji, valence, arousal, renamed_by_operator) " +
            "VALUES (@runId, @ClusterId, @NameEn, @NameKo, @DescriptionEn, @DescriptionKo, @Emoji, @Valence, @Arousal, @RenamedByOperator)",
            themes.Select(t => new { runId, t.ClusterId, t.NameEn, t.NameKo, t.DescriptionEn, t.DescriptionKo, t.Emoji, t.Valence, t.Arousal, t.RenamedByOperator }),
            tx, cancellationToken: ct));

    private sealed class RunRow
    {
        public long Id { get; set; }
        public long K { get; set; }
        public long Seed { get; set; }
        public string KSelection { get; set; } = "";
        public DateTime CreatedAt { get; set; }
        public long TrackCount { get; set; }
        public long Dims { get; set; }
        public long SummaryVersion { get; set; }
        public byte[] Means { get; set; } = [];
        public byte[] Scales { get; set; } = [];
        public byte[] Centroids { get; set; } = [];
        public string InertiaCurve { get; set; } = "[]";
        public double Inertia { get; set; }
        public double? Silhouette { get; set; }

        public ClusterRun ToRun()
        {
            var flat = VectorCodec.ToDoubles(Centroids);
            int dims = (int)Dims;
            return new ClusterRun
            {
                Id = Id, K = (int)K, Seed = Seed, KSelection = KSelection, TrackCount = (int)TrackCount,
                CreatedAt = DateTime.SpecifyKind(CreatedAt.Kind == DateTimeKind.Local ? CreatedAt.ToUniversalTime() : CreatedAt, DateTimeKind.Utc),
                SummaryVersion = (int)SummaryVersion, Means = VectorCodec.ToDoubles(Means), Scales = VectorCodec.ToDoubles(Scales),
                Centroids = Enumerable.Range(0, (int)K).Select(c => flat.AsSpan(c * dims, dims).ToArray()).ToArray(),
                InertiaCurve = (JsonSerializer.Deserialize<double[][]>(InertiaCurve) ?? []).Select(p => new InertiaPoint((int)p[0], p[1])).ToList(),
                Inertia = Inertia, Silhouette = Silhouette,
            };
        }
    }

    private sealed class AssignmentRow
    {
        public long TrackId { get; set; }
        public long ClusterId { get; set; }
        public double Distance { get; set; }
        public double? X { get; set; }
        public double? Y { get; set; }
    }

    private sealed class MemberRow
    {
        public long TrackId { get; set; }
        public long ClusterId { get; set; }
        public double Distance { get; set; }
        public double? X { get; set; }
        public double? Y { get; set; }
        public string Title { get; set; } = "";
        public string? Artist { get; set; }
        public string Path { get; set; } = "";
    }

    private sealed class ThemeRow
    {
        public long ClusterId { get; set; }
        public string NameEn { get; set; } = "";
        public string NameKo { get; set; } = "";
        public string DescriptionEn { get; set; } = "";
        public string DescriptionKo { get; set; } = "";
        public string Emoji { get; set; } = "";
        public double Valence { get; set; }
        public double Arousal { get; set; }
        public bool RenamedByOperator { get; set; }
        public Theme ToTheme() => new((int)ClusterId, NameEn, NameKo, DescriptionEn, DescriptionKo, Emoji, Valence, Arousal, RenamedByOperator);
    }
}
