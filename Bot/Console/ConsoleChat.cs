using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Localization;
using TuneBot.Bot.Telegram;

namespace TuneBot.Bot.Console;

/// <summary>
/// Local console mode (no token configured): a chat on stdin/stdout that runs the same <see cref="UpdateRouter"/>
/// as Telegram. Each input line becomes an update: a number or label of a shown button presses it, an existing
/// file path is sent as an audio file, anything else as a text message. End of input stops the host.
/// </summary>
public sealed class ConsoleChat(
    UpdateRouter router,
    ChatLanguages languages,
    IOptions<TelegramOptions> telegramOptions,
    IOptions<ConsoleChatOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<ConsoleChat> logger) : BackgroundService
{
    private TextReader _input = System.Console.In;
    private TextWriter _output = System.Console.Out;

    /// <summary>Replaces stdin/stdout (tests).</summary>
    public void UseStreams(TextReader input, TextWriter output)
    {
        _input = input;
        _output = output;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var language = options.Value.Language ?? LanguageFromEnvironment();
        var strings = Strings.For(language);
        var user = new User { Id = options.Value.ChatId, FirstName = "console", LanguageCode = language };
        var chat = new Chat { Id = options.Value.ChatId, Type = ChatType.Private };
        var keyboard = new ConsoleKeyboard();
        var replies = new ConsoleReplies(_output, strings, keyboard);
        var attachments = new LocalFileAttachments(telegramOptions.Value.MaxDownloadBytes);
        _output.WriteLine(strings.ConsoleWelcome);
        int updateId = 0, messageId = 0;

        while (!stoppingToken.IsCancellationRequested)
        {
            _output.Write("> ");
            _output.Flush();
            string? line;
            try { line = await _input.ReadLineAsync(stoppingToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            if (line is null) break;
            line = line.Trim();
            if (line.Length == 0) continue;

            Update update;
            if (keyboard.Find(line) is { } button)
            {
                update = new Update
                {
                    Id = ++updateId,
                    CallbackQuery = new CallbackQuery
                    {
                        Id = $"console-{updateId}", From = user, Data = button.Data,
                        Message = new Message { Id = messageId, Chat = chat, From = user },
                    },
                };
            }
            else if (AsPath(line) is { } path)
            {
                var info = new FileInfo(path);
                update = new Update
                {
                    Id = ++updateId,
                    Message = new Message
                    {
                        Id = ++messageId, Chat = chat, From = user,
                        Audio = new Audio { FileId = info.FullName, FileName = info.Name, FileSize = info.Length },
                    },
                };
            }
            else
            {
                update = new Update { Id = ++updateId, Message = new Message { Id = ++messageId, Chat = chat, From = user, Text = line } };
            }
            keyboard.Clear();
            try
            {
                await router.HandleAsync(new ChatContext(update, chat.Id, replies, attachments, languages.For(update, chat.Id)), stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        logger.LogDebug("Console chat ended");
        lifetime.StopApplication();
    }

    private static string? AsPath(string line)
    {
        var candidate = line.Trim('"', '\'');
        if (candidate.StartsWith('/') && candidate.IndexOf('/', 1) < 0) return null; // a command, not a path
        try
        {
            return candidate.Length > 0 && (candidate.Contains('/') || candidate.Contains('\\') || candidate.Contains('.')) && File.Exists(candidate)
                ? candidate : null;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? LanguageFromEnvironment()
    {
        var lang = Environment.GetEnvironmentVariable("LC_ALL") ?? Environment.GetEnvironmentVariable("LANG");
        return string.IsNullOrEmpty(lang) ? null : lang[..Math.Min(2, lang.Length)].ToLowerInvariant();
    }
}

/// <summary>Configuration section "Console".</summary>
public sealed class ConsoleChatOptions
{
    public const string Section = "Console";
    /// <summary>Chat id the console chat uses for stored state (feedback, theme choices, /forget).</summary>
    public long ChatId { get; set; } = 1;
    /// <summary>"ko" or "en"; default from LANG.</summary>
    public string? Language { get; set; }
}
