using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;
using TuneBot.Bot.Inbox;
using TuneBot.Bot.State;
using TuneBot.Bot.Transport;
using TuneBot.Bot.Telemetry;
using TuneBot.Core.Storage;

namespace TuneBot.Bot.Webhook;

/// <summary>
/// POST Telegram:WebhookPath: one update per request, as Telegram delivers it. A wrong or missing secret header is
/// answered 401 (logged with the caller's address, never the header). The update is parsed with Telegram.Bot's
/// serialisation, stored in the inbox and answered 200 at once — the handling happens later on whichever instance
/// claims it, since Telegram retries a delivery that is slow to answer. A redelivery is stored once. When the
/// database cannot take it the answer is 503, and Telegram delivers it again.
/// </summary>
public static class WebhookEndpoint
{
    public static IEndpointRouteBuilder MapTelegramWebhook(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value;
        if (options.Mode == ReceiveMode.Webhook)
            endpoints.MapPost(options.EffectiveWebhookPath, ReceiveAsync);
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, WebhookSecret secret, IBotStateStore store, InboxSignal signal,
        BotMetrics metrics, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(WebhookEndpoint).FullName!);
        bool genuine;
        try
        {
            genuine = await secret.MatchesAsync(http.Request.Headers[WebhookSecret.HeaderName], http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CatalogUnavailableException or System.Data.Common.DbException)
        {
            logger.LogError("Webhook secret not readable ({Error}); answered 503", ex.Message);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        if (!genuine)
        {
            logger.LogWarning("Webhook request from {Remote} refused: wrong or missing secret token", http.Connection.RemoteIpAddress);
            return Results.Unauthorized();
        }
        Update? update;
        try
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
            update = UpdateReader.TryRead(body.RootElement, out var problem);
            if (update is null)
            {
                // Acknowledged: refused, Telegram would deliver it again and again, holding back the updates behind it.
                logger.LogWarning("Webhook update {UpdateId} could not be read ({Problem}); skipped", UpdateReader.IdOf(body.RootElement), problem);
                metrics.Failed("unreadable");
                return Results.Ok();
            }
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Webhook request refused: not JSON ({Error})", ex.Message);
            return Results.BadRequest();
        }
        // An update TuneBot does not answer (no chat) is acknowledged, or Telegram would redeliver it for hours.
        if (update?.ChatId is not { } chatId) return Results.Ok();
        try
        {
            if (await store.StoreUpdateAsync(update.Id, chatId, JsonSerializer.Serialize(update, JsonBotAPI.Options), http.RequestAborted).ConfigureAwait(false))
            {
                metrics.Received("webhook");
                signal.Pulse();
            }
            return Results.Ok();
        }
        catch (Exception ex) when (ex is CatalogUnavailableException or System.Data.Common.DbException)
        {
            logger.LogError("Update {UpdateId} not stored ({Error}); answered 503 so Telegram delivers it again", update.Id, ex.Message);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
    }
}
