using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TuneBot.Bot.Advice;
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
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = contentRoot });
    builder.Logging.ClearProviders();
    // Logs go to stderr so they do not interleave with the chat on stdout.
    builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
    builder.Services.AddTuneBotAdvice(builder.Configuration);
    builder.Services.AddTuneBotHandlers(builder.Configuration).AddTuneBotConsole();
    await builder.Build().RunAsync();
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
}
