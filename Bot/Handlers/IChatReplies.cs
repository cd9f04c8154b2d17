using TuneBot.Bot.Ports;

namespace TuneBot.Bot.Handlers;

/// <summary>
/// How a handler answers the chat its update came from. The Telegram implementation sends each reply at most
/// once per update (replies already sent before a restart are skipped) and respects the outgoing rate limits;
/// the console implementation prints.
/// </summary>
public interface IChatReplies
{
    /// <summary>Sends an HTML message with optional rows of inline buttons.</summary>
    Task SendTextAsync(string html, IReadOnlyList<IReadOnlyList<ChatButton>>? buttons = null, CancellationToken ct = default);

    /// <summary>Shows "typing…" (not counted as a reply; harmless to repeat).</summary>
    Task SendTypingAsync(CancellationToken ct = default);

    /// <summary>Sends an audio file with its title and performer.</summary>
    Task SendAudioAsync(PreviewClip clip, string? captionHtml = null, CancellationToken ct = default);

    /// <summary>Sends an image.</summary>
    Task SendPhotoAsync(MapImage image, string? captionHtml = null, CancellationToken ct = default);

    /// <summary>Answers the update's callback query (no-op when the update is not a button press, or already answered).</summary>
    Task AnswerCallbackAsync(string? text = null, CancellationToken ct = default);
}
