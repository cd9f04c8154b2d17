using System.Text;
using TuneBot.Bot.Localization;
using TuneBot.Bot.Ports;

namespace TuneBot.Bot.Handlers;

/// <summary>Renders a playlist as an HTML message plus its buttons ("▶ 1" … "▶ N", "More like this", "🗺 Map").</summary>
public static class PlaylistFormatter
{
    /// <summary>Most tracks shown; keeps the message far below 4096 characters and the keyboard small.</summary>
    public const int MaxTracks = 10;

    private const int MaxFieldChars = 80;
    // A theme description names tempo, loudness, percussion, tone and key: ~90 characters in English, and the key
    // at its end was the part cut off at 80.
    private const int MaxDescriptionChars = 160;
    private const int PlayButtonsPerRow = 5;

    /// <summary>The message text: optional heading, theme emoji + name + description, numbered tracks. A
    /// <see cref="Playlist.ClosestOnly"/> playlist starts by saying the song itself was not found, an
    /// <see cref="Playlist.Identified"/> one by naming it; only the recognised song is "matched at" a position, the
    /// others are "closest at" theirs.</summary>
    /// <param name="heading">HTML placed above the theme (already escaped), e.g. "You sound anxious.".</param>
    public static string Text(Playlist playlist, Strings strings, string? heading = null)
    {
        var sb = new StringBuilder();
        if (playlist.ClosestOnly) sb.Append(strings.NoCloseMatch).Append("\n\n");
        else if (playlist.Identified && playlist.Tracks.Count > 0 && playlist.Tracks[0] is { MatchStartSeconds: { } at0 } song)
            sb.Append(strings.Recognised($"<b>{TrackName(song.Artist, song.Title)}</b>", Strings.MinutesSeconds(at0))).Append("\n\n");
        if (!string.IsNullOrEmpty(heading)) sb.Append(heading).Append("\n\n");
        sb.Append(Escape(playlist.Theme.Emoji)).Append(" <b>").Append(Escape(playlist.Theme.NameIn(strings.Code))).Append("</b>\n");
        var description = playlist.Theme.DescriptionIn(strings.Code);
        if (!string.IsNullOrWhiteSpace(description))
            sb.Append("<i>").Append(Escape(description, MaxDescriptionChars)).Append("</i>\n");
        sb.Append('\n');
        var n = 0;
        foreach (var track in playlist.Tracks.Take(MaxTracks))
        {
            n++;
            sb.Append(n).Append(". ").Append(TrackName(track.Artist, track.Title))
              .Append(" (").Append(Strings.MinutesSeconds(track.DurationSeconds)).Append(')');
            if (track.MatchStartSeconds is { } at)
                sb.Append(" · ").Append(playlist.Identified && n == 1 ? strings.MatchedAt(Strings.MinutesSeconds(at)) : strings.ClosestAt(Strings.MinutesSeconds(at)));
            sb.Append('\n');
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>"Artist – Title" escaped, or the title alone for a track without an artist (no dangling dash).</summary>
    public static string TrackName(string? artist, string title) =>
        string.IsNullOrWhiteSpace(artist) ? Escape(title) : $"{Escape(artist)} – {Escape(title)}";

    /// <summary>The buttons: rows of "▶ i" previews, then "More like this" and "🗺 Map" when the playlist has an anchor.</summary>
    public static List<IReadOnlyList<ChatButton>> Buttons(Playlist playlist, Strings strings)
    {
        var rows = new List<IReadOnlyList<ChatButton>>();
        var play = playlist.Tracks.Take(MaxTracks)
            .Select((t, i) => new ChatButton($"▶ {i + 1}", CallbackData.ForPreview(t.TrackId, t.MatchStartSeconds ?? 0)))
            .Where(b => CallbackData.Fits(b.Data))
            .ToList();
        for (var i = 0; i < play.Count; i += PlayButtonsPerRow)
            rows.Add(play.Skip(i).Take(PlayButtonsPerRow).ToList());
        var tail = new List<ChatButton>();
        if (playlist.Anchor is { } anchor)
        {
            var more = new ChatButton(strings.MoreLikeThis, CallbackData.ForMore(anchor));
            if (CallbackData.Fits(more.Data)) tail.Add(more);
        }
        var map = new ChatButton(strings.MapButton, CallbackData.ForMap(playlist.Anchor));
        tail.Add(CallbackData.Fits(map.Data) ? map : new ChatButton(strings.MapButton, CallbackData.ForMap(null)));
        rows.Add(tail);
        return rows;
    }

    /// <summary>
    /// Escapes user or catalog text for Telegram's HTML parse mode, where only &lt;, &gt; and &amp; (and quotes
    /// inside attributes) are special; emoji and Hangul stay as they are. Very long fields are shortened.
    /// </summary>
    public static string Escape(string? text, int maxChars = MaxFieldChars)
    {
        var s = text ?? "";
        if (s.Length > maxChars) s = s[..(maxChars - 1)] + "…";
        return Html(s);
    }

    /// <summary>Escapes &amp;, &lt;, &gt; and " without shortening.</summary>
    public static string Html(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
         .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}
