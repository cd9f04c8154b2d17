using System.Collections.Concurrent;
using TuneBot.Bot.Ports;

namespace TuneBot.Tests.Bot;

/// <summary>
/// TEST DOUBLE of the recommender port, for transport tests only (the real recommender is wired by the lead).
/// Answers from a fixed two-theme, three-track table and records what it was asked.
/// </summary>
public sealed class TestDoubleMusicAdvisor : IMusicAdvisor
{
    public static readonly Theme Calm = new(new ThemeKey(1, 0), "🌙", "Late-night calm", "Soft & slow <things>");
    public static readonly Theme Bright = new(new ThemeKey(1, 1), "☀️", "Bright mornings", "Upbeat");
    /// <summary>Picking this theme makes the double throw, to test the bot's apology path.</summary>
    public static readonly Theme Broken = new(new ThemeKey(1, 7), "💥", "Broken", "Throws");

    public static readonly PlaylistTrack[] Tracks =
    [
        new(11, "Nell", "Rock & <Roll>", 225, 72),
        new(12, "IU", "밤편지", 253, null),
        new(13, "Daft Punk", "Something About Us", 232, 10.4),
    ];

    public ConcurrentQueue<string> Requests { get; } = new();
    /// <summary>For each clip: its path and the bytes it held when the advisor was called.</summary>
    public ConcurrentQueue<(string Path, byte[] Bytes)> Clips { get; } = new();

    public Task<Advice<Playlist>> RecommendFromClipAsync(string clipPath, CancellationToken ct = default)
    {
        var bytes = File.ReadAllBytes(clipPath);
        Clips.Enqueue((clipPath, bytes));
        Requests.Enqueue("clip");
        // Clips whose bytes name a failure get that failure, as the real decoder would report it.
        var head = System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 16));
        foreach (var failure in Enum.GetValues<AdviceFailure>())
            if (head.StartsWith(failure.ToString(), StringComparison.Ordinal))
                return Task.FromResult(Advice<Playlist>.Fail(failure, "test double"));
        return Task.FromResult(Advice<Playlist>.Ok(new Playlist(Calm, Tracks, "c.12.5", Identified: true)));
    }

    public Task<Advice<IReadOnlyList<Theme>>> ThemesAsync(CancellationToken ct = default)
    {
        Requests.Enqueue("themes");
        return Task.FromResult(Advice<IReadOnlyList<Theme>>.Ok([Calm, Bright, Broken]));
    }

    public Task<Advice<Playlist>> PlaylistForThemeAsync(ThemeKey theme, CancellationToken ct = default)
    {
        Requests.Enqueue($"theme {theme.RunId}/{theme.ClusterId}");
        if (theme == Broken.Key) throw new InvalidOperationException("test double: broken theme");
        if (theme != Bright.Key && theme != Calm.Key)
            return Task.FromResult(Advice<Playlist>.Fail(AdviceFailure.NotFound, $"no theme {theme.RunId}/{theme.ClusterId}"));
        var t = theme == Bright.Key ? Bright : Calm;
        return Task.FromResult(Advice<Playlist>.Ok(new Playlist(t, Tracks, null)));
    }

    public Task<Advice<Playlist>> PlaylistForMoodAsync(string emotion, MoodStrategy strategy, CancellationToken ct = default)
    {
        Requests.Enqueue($"mood {emotion} {strategy}");
        var theme = emotion == "happy" ? Bright : Calm;
        var tracks = emotion == "happy" ? Tracks.Reverse().ToArray() : Tracks;
        return Task.FromResult(Advice<Playlist>.Ok(new Playlist(theme, tracks, null)));
    }

    public Task<Advice<IReadOnlyList<TrackCandidate>>> FindTracksAsync(string query, int limit, CancellationToken ct = default)
    {
        Requests.Enqueue("find");
        IReadOnlyList<TrackCandidate> found = query.Contains("밤편지", StringComparison.Ordinal)
            ? [new TrackCandidate(12, "IU", "밤편지", 1.0)]
            : [];
        return Task.FromResult(Advice<IReadOnlyList<TrackCandidate>>.Ok(found));
    }

    public Task<Advice<Playlist>> SimilarToTrackAsync(long trackId, CancellationToken ct = default)
    {
        Requests.Enqueue($"similar {trackId}");
        return Task.FromResult(Advice<Playlist>.Ok(new Playlist(Calm, Tracks.Where(t => t.TrackId != trackId).ToArray(), $"t.{trackId}")));
    }

    public Task<Advice<Playlist>> MoreLikeAsync(string anchor, CancellationToken ct = default)
    {
        Requests.Enqueue($"more {anchor}");
        return Task.FromResult(Advice<Playlist>.Ok(new Playlist(Calm, Tracks.Take(1).ToArray(), anchor)));
    }

    public Task<Advice<PreviewClip>> PreviewAsync(long trackId, double startSeconds, CancellationToken ct = default)
    {
        Requests.Enqueue($"preview {trackId} {startSeconds}");
        return Task.FromResult(Advice<PreviewClip>.Ok(new PreviewClip(new byte[4096], "preview.mp3", "audio/mpeg", "Rock & <Roll>", "Nell", 30)));
    }

    public Task<Advice<MapImage>> MapAsync(string? anchor, string language = "en", CancellationToken ct = default)
    {
        Requests.Enqueue(language == "en" ? $"map {anchor}" : $"map {anchor} {language}");
        return Task.FromResult(Advice<MapImage>.Ok(new MapImage(new byte[] { 0x89, 0x50, 0x4E, 0x47 })));
    }
}

/// <summary>TEST DOUBLE of the emotion port: "nervous"/"불안" → anxious (0.9); anything else → neutral at low confidence.</summary>
public sealed class TestDoubleEmotionReader : IEmotionReader
{
    public Task<Advice<EmotionReading>> ReadAsync(string text, CancellationToken ct = default)
    {
        var anxious = text.Contains("nervous", StringComparison.OrdinalIgnoreCase) || text.Contains("불안", StringComparison.Ordinal);
        var reading = anxious
            ? new EmotionReading("anxious", 0.9, new Dictionary<string, double> { ["anxious"] = 0.9, ["neutral"] = 0.1 })
            : new EmotionReading("neutral", 0.3, new Dictionary<string, double> { ["neutral"] = 0.3, ["happy"] = 0.25 }, Unsure: true);
        return Task.FromResult(Advice<EmotionReading>.Ok(reading));
    }
}
