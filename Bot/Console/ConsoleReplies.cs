using System.Net;
using System.Text.RegularExpressions;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Localization;
using TuneBot.Bot.Ports;

namespace TuneBot.Bot.Console;

/// <summary>
/// Prints replies to a console: HTML reduced to plain text, buttons numbered ("[1] ▶ 1") so the user can press
/// one by typing its number or label; audio and images are saved to files in the session's folder whose paths are
/// printed.
/// </summary>
public sealed partial class ConsoleReplies(TextWriter output, Strings strings, ConsoleKeyboard keyboard, string folder) : IChatReplies
{
    /// <summary>The language of the update being answered, so the console's own hints match the bot's reply.</summary>
    public Func<Strings> LanguageOf { get; set; } = () => strings;

    public Task SendTextAsync(string html, IReadOnlyList<IReadOnlyList<ChatButton>>? buttons = null, CancellationToken ct = default)
    {
        output.WriteLine();
        output.WriteLine(PlainText(html));
        if (buttons is { Count: > 0 })
        {
            var numbered = keyboard.Show(buttons);
            foreach (var row in numbered)
                output.WriteLine("  " + string.Join("   ", row.Select(b => $"[{b.Number}] {b.Button.Label}")));
            output.WriteLine("  " + LanguageOf().ConsoleButtonsHint);
        }
        output.Flush();
        return Task.CompletedTask;
    }

    public Task SendTypingAsync(CancellationToken ct = default)
    {
        output.WriteLine("…");
        output.Flush();
        return Task.CompletedTask;
    }

    public async Task SendAudioAsync(PreviewClip clip, string? captionHtml = null, CancellationToken ct = default)
    {
        var path = await SaveAsync(clip.FileName, clip.Audio, ct).ConfigureAwait(false);
        output.WriteLine($"🎧 {PlainText(PlaylistFormatter.TrackName(clip.Performer, clip.Title))} ({clip.DurationSeconds} s): {path}");
        if (captionHtml is not null) output.WriteLine(PlainText(captionHtml));
        output.Flush();
    }

    public async Task SendPhotoAsync(MapImage image, string? captionHtml = null, CancellationToken ct = default)
    {
        var path = await SaveAsync("map.png", image.Png, ct).ConfigureAwait(false);
        output.WriteLine($"🖼 {path}");
        if (captionHtml is not null) output.WriteLine(PlainText(captionHtml));
        output.Flush();
    }

    public Task AnswerCallbackAsync(string? text = null, CancellationToken ct = default)
    {
        if (text is not null)
        {
            output.WriteLine($"({text})");
            output.Flush();
        }
        return Task.CompletedTask;
    }

    /// <summary>Telegram HTML → plain text: tags dropped, entities decoded.</summary>
    public static string PlainText(string html) => WebUtility.HtmlDecode(Tags().Replace(html, ""));

    private async Task<string> SaveAsync(string name, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{Guid.NewGuid():N}-{Path.GetFileName(name)}");
        await File.WriteAllBytesAsync(path, bytes.ToArray(), ct).ConfigureAwait(false);
        return path;
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
