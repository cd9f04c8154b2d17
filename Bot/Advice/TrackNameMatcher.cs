using System.Globalization;
using System.Text;

namespace TuneBot.Bot.Advice;

/// <summary>
/// Fuzzy title/artist matching for /similar and for plain messages that name a track. Both sides are normalised
/// (lower case, Latin diacritics folded, punctuation → space, "the/a/an" dropped; Hangul syllables kept),
/// then scored 0–1 as the best of: the whole strings' edit similarity, and a token score that forgives typos
/// (two tokens count as the same when their edit similarity is ≥ 0.75) — 0.7 × the share of the query's tokens
/// found in the candidate + 0.3 × the share of the candidate's tokens found in the query, so a query naming
/// title and artist in any order scores 1 and a query that is mostly other words scores low.
/// Candidates are the title, the artist, and "artist title". A score ≥ 0.9 means the text clearly names it.
/// </summary>
public static class TrackNameMatcher
{
    private static readonly HashSet<string> Stopwords = ["the", "a", "an"];
    private const double TokenMatch = 0.75;

    // Under InvariantGlobalization string.Normalize decomposes nothing, and even with ICU FormD leaves ß, æ, ø, ł, đ, þ
    // unfolded; so Latin letters with diacritics are folded by this table (Latin-1 Supplement and Latin Extended-A).
    private static readonly Dictionary<char, string> Folds = BuildFolds();

    private static Dictionary<char, string> BuildFolds()
    {
        var map = new Dictionary<char, string>();
        void Add(string accented, string plain) { foreach (var c in accented) map[c] = plain; }
        Add("àáâãäåāăą", "a"); Add("çćĉċč", "c"); Add("ďđ", "d"); Add("èéêëēĕėęě", "e"); Add("ĝğġģ", "g");
        Add("ĥħ", "h"); Add("ìíîïĩīĭįı", "i"); Add("ĵ", "j"); Add("ķ", "k"); Add("ĺļľŀł", "l"); Add("ñńņňŉ", "n");
        Add("òóôõöøōŏő", "o"); Add("ŕŗř", "r"); Add("śŝşš", "s"); Add("ţťŧ", "t"); Add("ùúûüũūŭůűų", "u");
        Add("ŵ", "w"); Add("ýÿŷ", "y"); Add("źżž", "z"); Add("ß", "ss"); Add("æ", "ae"); Add("œ", "oe"); Add("þ", "th"); Add("ð", "d");
        return map;
    }

    /// <summary>Lower case, no diacritics, punctuation as spaces, single spaces (Hangul syllables kept as they are).</summary>
    public static string Normalize(string text)
    {
        var lower = (text ?? "").ToLowerInvariant();
        var sb = new StringBuilder(lower.Length);
        foreach (var ch in lower)
        {
            var cat = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            if (Folds.TryGetValue(ch, out var plain)) sb.Append(plain);
            else sb.Append(char.IsLetterOrDigit(ch) ? ch : ' ');
        }
        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Tokens of a normalised string without stopwords (all tokens when only stopwords remain).</summary>
    public static string[] Tokens(string normalized)
    {
        var all = normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kept = all.Where(t => !Stopwords.Contains(t)).ToArray();
        return kept.Length > 0 ? kept : all;
    }

    /// <summary>How well <paramref name="query"/> names a track with this title and artist, 0–1.</summary>
    public static double Score(string query, string title, string? artist)
    {
        var q = Normalize(query);
        if (q.Length == 0) return 0;
        var qTokens = Tokens(q);
        double best = 0;
        foreach (var candidate in Candidates(title, artist))
        {
            var c = Normalize(candidate);
            if (c.Length == 0) continue;
            if (c == q) return 1;
            var whole = Similarity(q, c);
            var cTokens = Tokens(c);
            var tokens = 0.7 * Coverage(qTokens, cTokens) + 0.3 * Coverage(cTokens, qTokens);
            best = Math.Max(best, Math.Max(whole, tokens));
        }
        return Math.Round(best, 4);
    }

    private static IEnumerable<string> Candidates(string title, string? artist)
    {
        yield return title;
        if (!string.IsNullOrWhiteSpace(artist))
        {
            yield return artist;
            yield return artist + " " + title;
        }
    }

    /// <summary>Share of <paramref name="from"/>'s tokens (weighted by similarity) that have a match in <paramref name="to"/>.</summary>
    private static double Coverage(string[] from, string[] to)
    {
        if (from.Length == 0) return 0;
        double sum = 0;
        foreach (var f in from)
        {
            double b = 0;
            foreach (var t in to) b = Math.Max(b, Similarity(f, t));
            if (b >= TokenMatch) sum += b;
        }
        return sum / from.Length;
    }

    /// <summary>1 − Levenshtein distance / longer length.</summary>
    public static double Similarity(string a, string b)
    {
        if (a == b) return 1;
        int n = a.Length, m = b.Length;
        if (n == 0 || m == 0) return 0;
        var prev = new int[m + 1];
        var cur = new int[m + 1];
        for (int j = 0; j <= m; j++) prev[j] = j;
        for (int i = 1; i <= n; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= m; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return 1 - (double)prev[m] / Math.Max(n, m);
    }
}
