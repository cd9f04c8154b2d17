using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using TuneBot.Bot.Hosting;
using TuneBot.Bot.Ports;

namespace TuneBot.Tests.Bot;

/// <summary>Builds the real bot host (polling worker, handlers, SQLite store) against a <see cref="FakeBotApi"/>, with short timeouts.</summary>
public static class BotTestHost
{
    public static IHost Build(FakeBotApi api, string connectionString, CapturingLoggerProvider logs,
        IMusicAdvisor? advisor = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Test" });
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:Token"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Telegram:PollTimeoutSeconds"] = "1",
            ["Telegram:RequestTimeoutSeconds"] = "10",
            ["Telegram:RetryBaseDelayMs"] = "20",
            ["Telegram:MaxRetries"] = "8",
            ["Telegram:ConflictBackoffSeconds"] = "1",
            ["Telegram:PerChatMessagesPerSecond"] = "1000",
            ["Telegram:GlobalMessagesPerSecond"] = "1000",
            ["Telegram:AdminChatIds:0"] = "999",
            ["Catalog:Provider"] = "sqlite",
            ["ConnectionStrings:Catalog"] = connectionString,
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>()) settings[k] = v;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        CurrentLogs = logs;
        builder.Services.AddSingleton(advisor ?? new TestDoubleMusicAdvisor());
        builder.Services.AddSingleton<IEmotionReader>(new TestDoubleEmotionReader());
        builder.Services.AddTuneBotHandlers(builder.Configuration).AddTuneBotTelegram();
        return builder.Build();
    }

    /// <summary>The latest scenario's log, quoted in timeout messages.</summary>
    public static CapturingLoggerProvider? CurrentLogs { get; set; }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("Timed out waiting for " + what + "\n" + string.Join("\n", CurrentLogs?.Lines.TakeLast(40) ?? []));
            await Task.Delay(20);
        }
    }

    public static Func<int, Update> Text(long chatId, string text, string? language = "en") => id => new Update
    {
        Id = id,
        Message = new Message
        {
            Id = id, Date = DateTime.UnixEpoch, Text = text,
            Chat = new Chat { Id = chatId, Type = ChatType.Private },
            From = new User { Id = chatId, FirstName = "u", LanguageCode = language },
        },
    };

    public static Func<int, Update> Callback(long chatId, string data, string? language = "en") => id => new Update
    {
        Id = id,
        CallbackQuery = new CallbackQuery
        {
            Id = $"cb{id}", Data = data,
            From = new User { Id = chatId, FirstName = "u", LanguageCode = language },
            Message = new Message { Id = 1, Date = DateTime.UnixEpoch, Chat = new Chat { Id = chatId, Type = ChatType.Private } },
        },
    };

    public static Func<int, Update> VoiceNote(long chatId, string fileId, long? fileSize) => id => new Update
    {
        Id = id,
        Message = new Message
        {
            Id = id, Date = DateTime.UnixEpoch, Chat = new Chat { Id = chatId, Type = ChatType.Private },
            From = new User { Id = chatId, FirstName = "u", LanguageCode = "en" },
            Voice = new Voice { FileId = fileId, Duration = 5, MimeType = "audio/ogg", FileSize = fileSize },
        },
    };
}
