using System.CommandLine;
using TuneBot.Core.Storage;

namespace TuneBot.CatalogTool.Commands;

/// <summary>
/// <c>theme rename ID [--en NAME] [--ko NAME] [--db CONNECTION]</c>: an operator's names for a theme of the live
/// run (ID = cluster id as <c>themes</c> lists it). The names are kept when a later <c>cluster</c> finds
/// essentially the same cluster. Exit codes: 0 ok, 2 no such theme / unusable or duplicate name, 1 database
/// unreachable or an internal error.
/// </summary>
public static class ThemeCommand
{
    /// <summary>Longest theme name accepted, in characters (it has to fit a chat button and the map legend).</summary>
    public const int MaxNameLength = 40;

    /// <summary>Builds the command (with its <c>rename</c> subcommand).</summary>
    public static Command Create()
    {
        var id = new Argument<int>("ID") { Description = "Theme (cluster) id, as `themes` lists it" };
        var en = new Option<string?>("--en") { Description = "New English name" };
        var ko = new Option<string?>("--ko") { Description = "New Korean name (한국어 이름)" };
        var db = CatalogCommandLine.DbOption();
        var rename = new Command("rename", "Rename a theme of the newest clustering run") { id, en, ko, db };
        rename.SetAction((parse, ct) => RenameAsync(parse.GetValue(id), parse.GetValue(en), parse.GetValue(ko), parse.GetValue(db),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return new Command("theme", "Edit themes") { rename };
    }

    /// <summary>Why a name cannot be used, or null when it can (trimmed, 1 … 40 characters, no control characters).</summary>
    public static string? CheckName(string name, string option)
    {
        if (name.Length == 0) return $"{option} must not be empty.";
        if (name.Length > MaxNameLength) return $"{option} is longer than {MaxNameLength} characters.";
        if (name.Any(char.IsControl)) return $"{option} must not contain control characters.";
        return null;
    }

    private static Task<int> RenameAsync(int clusterId, string? en, string? ko, string? db, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        CatalogCommandLine.Guard(stderr, ct, async () =>
        {
            en = en?.Trim();
            ko = ko?.Trim();
            if (en is null && ko is null)
            {
                await stderr.WriteLineAsync("Give a new name with --en and/or --ko.");
                return 2;
            }
            foreach (var (name, option) in new[] { (en, "--en"), (ko, "--ko") })
                if (name is not null && CheckName(name, option) is { } problem)
                {
                    await stderr.WriteLineAsync(problem);
                    return 2;
                }

            var database = await CatalogCommandLine.OpenAsync(db, ct);
            var store = new ClusterStore(database);
            var run = await store.GetLatestRunAsync(ct);
            if (run is null)
            {
                await stderr.WriteLineAsync("The catalog has not been clustered yet: run `cluster` first.");
                return 2;
            }
            var themes = await store.GetThemesAsync(run.Id, ct);
            var theme = themes.FirstOrDefault(t => t.ClusterId == clusterId);
            if (theme is null)
            {
                await stderr.WriteLineAsync($"Run {run.Id} has no theme {clusterId} (ids 0 … {run.K - 1}; see `themes`).");
                return 2;
            }
            var others = themes.Where(t => t.ClusterId != clusterId).ToList();
            if (en is not null && others.FirstOrDefault(t => t.NameEn.Equals(en, StringComparison.OrdinalIgnoreCase)) is { } clashEn)
            {
                await stderr.WriteLineAsync($"Theme {clashEn.ClusterId} is already called '{clashEn.NameEn}': names must be distinct.");
                return 2;
            }
            if (ko is not null && others.FirstOrDefault(t => t.NameKo.Equals(ko, StringComparison.OrdinalIgnoreCase)) is { } clashKo)
            {
                await stderr.WriteLineAsync($"Theme {clashKo.ClusterId} is already called '{clashKo.NameKo}': names must be distinct.");
                return 2;
            }
            if (!await store.RenameThemeAsync(run.Id, clusterId, en, ko, ct))
            {
                await stderr.WriteLineAsync($"Run {run.Id} has no theme {clusterId}.");
                return 2;
            }
            await stdout.WriteLineAsync($"Theme {clusterId} of run {run.Id}: {theme.Emoji} {en ?? theme.NameEn} / {ko ?? theme.NameKo} " +
                                        $"(was {theme.NameEn} / {theme.NameKo}).");
            return 0;
        });
}
