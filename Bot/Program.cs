using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TuneBot.Bot.Advice;
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

// Configuration: appsettings.json next to the binary, then environment variables (Catalog__Provider,
// ConnectionStrings__Catalog, Emotion__ModelPath, Audio__FfmpegPath, Advice__PlaylistLength, TUNEBOT_TOKEN…).
// The real ports (catalog advisor, emotion classifier) go in before AddTuneBotHandlers, whose "unavailable"
// placeholders are only TryAdd fallbacks. The bot-state store runs over the catalog database (migrated at start).
builder.Services.AddTuneBotAdvice(builder.Configuration);
builder.Services.AddTuneBotHandlers(builder.Configuration);
if (consoleMode) builder.Services.AddTuneBotConsole();
else builder.Services.AddTuneBotTelegram();

await builder.Build().RunAsync();
