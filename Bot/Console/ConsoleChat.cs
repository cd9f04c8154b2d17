using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Localization;
using TuneBot.Bot.Transport;

namespace TuneBot.Bot.Console;

/// <summary>
/// Local console mode (no token configured): a chat on stdin/stdout that runs the same <see cref="UpdateRouter"/>
/// as Telegram. Each input line becomes an update: a number or label of a shown button presses it, a path is sent
/// as an audio file (a missing one is answered "file not found"), anything else as a text message. End of input
/// stops the host once the replies in flight are printed.
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
        // Stopping the host before it finished starting fails the start ("Hosting failed to start"), which is what
        // an input that ends at once (< /dev/null, Ctrl-D) did: wait until every hosted service runs.
        await WhenStartedAsync(stoppingToken).ConfigureAwait(false);
        var language = options.Value.Language ?? LanguageFromEnvironment();
        var strings = Strings.For(language);
        var user = new User { Id = options.Value.ChatId, FirstName = "console", LanguageCode = language };
        var chat = new Chat { Id = options.Value.ChatId, Type = ChatType.Private };
        var keyboard = new ConsoleKeyboard();
        using var session = new ConsoleSessionFolder();
        var replies = new ConsoleReplies(_output, strings, keyboard, session.Path);
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
            else if (ConsolePaths.LooksLikePath(line, out var path))
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    var answer = languages.For(new Update { Message = new Message { Chat = chat, From = user } }, chat.Id);
                    _output.WriteLine();
                    _output.WriteLine(answer.ConsoleFileNotFound(path));
                    continue;
                }
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
            var context = new ChatContext(update, chat.Id, replies, attachments, languages.For(update, chat.Id));
            replies.LanguageOf = () => context.Text;
            try
            {
                await router.HandleAsync(context, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        _output.Flush();
        logger.LogDebug("Console chat ended");
        lifetime.StopApplication();
    }

    private Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Why the console chat cannot serve this process, or null: in the container image (Console:RequireTerminal)
    /// a missing token with no terminal on stdin is a configuration error, not a chat that ends at once and is
    /// restarted for ever.
    /// </summary>
    public static string? CannotStart(ConsoleChatOptions options, bool inputRedirected) =>
        options.RequireTerminal && inputRedirected
            ? "tunebot-bot: no Telegram token (set TUNEBOT_TOKEN) and no terminal for the console chat (docker run -it); exiting"
            : null;

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
    /// <summary>Refuse to start without a terminal on stdin (set in the container image).</summary>
    public bool RequireTerminal { get; set; }
    /// <summary>The lowest level of log messages printed beside the chat (on stderr); Warning keeps the chat readable.</summary>
    public Microsoft.Extensions.Logging.LogLevel LogLevel { get; set; } = Microsoft.Extensions.Logging.LogLevel.Warning;
}
