using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TuneBot.Bot.Hosting;

// TuneBot's bot: the Telegram long-polling worker when a token is configured (TUNEBOT_TOKEN or Telegram:Token),
// otherwise a console chat running the same handlers.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json is copied next to the binary
});
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });

var consoleMode = TuneBotServices.TokenFrom(builder.Configuration) is null;
if (consoleMode)
{
    // Logs go to stderr so they do not interleave with the chat on stdout.
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
}

// The lead wires the real ports here (IMusicAdvisor, IEmotionReader) before AddTuneBotHandlers, which otherwise
// registers "unavailable" placeholders. The bot-state store runs over the catalog database (migrated at start).
builder.Services.AddTuneBotHandlers(builder.Configuration);
if (consoleMode) builder.Services.AddTuneBotConsole();
else builder.Services.AddTuneBotTelegram();

await builder.Build().RunAsync();
