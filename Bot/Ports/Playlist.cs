namespace TuneBot.Bot.Ports;

/// <summary>A themed list of catalog tracks.</summary>
/// <param name="Theme">The theme the playlist belongs to (its emoji, name, description head the message).</param>
/// <param name="Tracks">Best first; the bot shows at most 10.</param>
/// <param name="Anchor">
/// Opaque token (ASCII, at most 48 bytes, no ':') the advisor understands in <see cref="IMusicAdvisor.MoreLikeAsync"/>
/// and <see cref="IMusicAdvisor.MapAsync"/>, e.g. the clip's map position or a track id; null hides "More like this" and "🗺 Map".
/// </param>
/// <param name="ClosestOnly">
/// True when a clip matched nothing in the catalog closely (noise, speech, a song the catalog lacks): the tracks
/// are the nearest ones, not the song itself, and the reply says so.
/// </param>
/// <param name="Identified">
/// True when a clip was recognised: the first track is the clip's own song (the first page of a confident match),
/// and the reply names it before the tracks that sound like it.
/// </param>
public sealed record Playlist(Theme Theme, IReadOnlyList<PlaylistTrack> Tracks, string? Anchor, bool ClosestOnly = false, bool Identified = false);

/// <summary>One track of a playlist.</summary>
/// <param name="TrackId">Catalog id.</param>
/// <param name="Artist">Artist name (plain text; the bot escapes it).</param>
/// <param name="Title">Title (plain text; the bot escapes it).</param>
/// <param name="DurationSeconds">Track length in seconds.</param>
/// <param name="MatchStartSeconds">Where in the track the clip matched (seconds), or null when not clip-based; previews start here.</param>
public sealed record PlaylistTrack(long TrackId, string Artist, string Title, double DurationSeconds, double? MatchStartSeconds);

/// <summary>A catalog track found by title/artist search.</summary>
/// <param name="Score">Match quality 0–1; ≥ 0.9 means the text clearly names this track.</param>
public sealed record TrackCandidate(long TrackId, string Artist, string Title, double Score);

/// <summary>Strategy for a mood playlist.</summary>
public enum MoodStrategy
{
    /// <summary>Music that matches the mood.</summary>
    Match,
    /// <summary>Music that starts near the mood and moves towards brighter themes.</summary>
    Lift,
}
