using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using TuneBot.Bot.Health;
using TuneBot.Bot.Telemetry;
using TuneBot.Bot.Webhook;

namespace TuneBot.Bot.Hosting;

/// <summary>
/// The Telegram bot as an ASP.NET Core application (Kestrel): the services of <see cref="TuneBotServices"/>, the
/// webhook endpoint (webhook mode), /health/live and /health/ready, and metrics exported over OTLP when
/// OTEL_EXPORTER_OTLP_ENDPOINT (or OpenTelemetry:OtlpEndpoint) is set. Program and the end-to-end tests build it the same way.
/// </summary>
public static class TuneBotWeb
{
    /// <summary>Adds the Telegram bot's services; the music and emotion ports must be registered first (AddTuneBotAdvice or doubles).</summary>
    public static WebApplicationBuilder AddTuneBotTelegramWeb(this WebApplicationBuilder builder)
    {
        builder.Services.AddTuneBotHandlers(builder.Configuration).AddTuneBotTelegram();
        var otlp = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] ?? builder.Configuration["OpenTelemetry:OtlpEndpoint"];
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService("tunebot-bot", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
                .WithMetrics(m => m.AddMeter(BotMetrics.MeterName).AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        }
        return builder;
    }

    /// <summary>Maps the health endpoints and, in webhook mode, the webhook.</summary>
    public static WebApplication MapTuneBotEndpoints(this WebApplication app)
    {
        app.MapTuneBotHealth();
        app.MapTelegramWebhook();
        return app;
    }
}
