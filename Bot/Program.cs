using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using TuneBot.Bot.Advice;
using TuneBot.Bot.Console;
using TuneBot.Bot.Hosting;

// TuneBot's bot: with a token (TUNEBOT_TOKEN or Telegram:Token), the Telegram bot as a web application (the webhook
// endpoint in webhook mode, the long-polling receiver otherwise, health endpoints either way); without one, a console
// chat running the same handlers.
var contentRoot = AppContext.BaseDirectory; // appsettings.json is copied next to the binary
var probe = new ConfigurationBuilder().SetBasePath(contentRoot).AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables().AddCommandLine(args).Build();

// Configuration: appsettings.json next to the binary, then environment variables (Catalog__Provider,
// ConnectionStrings__Catalog, Telegram__Mode, Emotion__ModelPath, Advice__PlaylistLength, TUNEBOT_TOKEN…).
// The real ports (catalog advisor, emotion classifier) go in before the handlers, whose "unavailable"
// placeholders are only TryAdd fallbacks. The bot-state store runs over the catalog database (migrated at start).
if (TuneBotServices.TokenFrom(probe) is null)
{
    var consoleOptions = probe.GetSection(ConsoleChatOptions.Section).Get<ConsoleChatOptions>() ?? new ConsoleChatOptions();
    if (ConsoleChat.CannotStart(consoleOptions, System.Console.IsInputRedirected) is { } reason)
    {
        await System.Console.Error.WriteLineAsync(reason);
        return 78; // EX_CONFIG: a supervisor shows the line instead of restarting a chat nobody can type into
    }
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = contentRoot });
    builder.Logging.ClearProviders();
    // Logs go to stderr, warnings and errors only (Console:LogLevel), so they do not swallow the chat's prompt.
    builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Logging.AddFilter<ConsoleLoggerProvider>(null, consoleOptions.LogLevel);
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
    builder.Services.AddTuneBotAdvice(builder.Configuration);
    builder.Services.AddTuneBotHandlers(builder.Configuration).AddTuneBotConsole();
    await builder.Build().RunAsync();
    return 0;
}
else
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = contentRoot });
    builder.Logging.ClearProviders();
    builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
    builder.Services.AddTuneBotAdvice(builder.Configuration);
    builder.AddTuneBotTelegramWeb();
    var app = builder.Build();
    app.MapTuneBotEndpoints();
    await app.RunAsync();
    return 0;
}
