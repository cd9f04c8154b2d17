using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using TuneBot.Bot.Transport;

namespace TuneBot.Bot.Webhook;

/// <summary>
/// Webhook mode's start-up: loads the shared secret, then setWebhook (URL, secret_token, allowed_updates,
/// max_connections; pending updates kept) and setMyCommands. Every instance registers the same URL and secret, so
/// which one does it last does not matter. Runs in the background; the endpoint loads the secret itself if a
/// delivery comes first.
/// </summary>
public sealed class WebhookRegistration(
    BotApi api,
    WebhookSecret secret,
    IOptions<TelegramOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<WebhookRegistration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (o.Mode != ReceiveMode.Webhook) return;
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var token = await secret.LoadAsync(stoppingToken).ConfigureAwait(false);
                await api.CallAsync("setWebhook", (bot, c) => bot.SetWebhook(o.WebhookUrl!, maxConnections: o.WebhookMaxConnections,
                    allowedUpdates: BotMenu.AllowedUpdates, dropPendingUpdates: false, secretToken: token, cancellationToken: c), stoppingToken).ConfigureAwait(false);
                await BotMenu.SetCommandsAsync(api, stoppingToken).ConfigureAwait(false);
                logger.LogInformation("Webhook registered: {Url} (max {Connections} connections), listening at {Path}",
                    o.WebhookUrl, o.WebhookMaxConnections, o.EffectiveWebhookPath);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ApiRequestException ex) when (ex.ErrorCode is 401 or 404)
            {
                logger.LogCritical("Telegram rejected the bot token ({Code}); stopping", ex.ErrorCode);
                lifetime.StopApplication();
                return;
            }
            catch (Exception ex)
            {
                attempt++;
                var wait = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempt)));
                logger.LogError("Webhook registration failed ({Error}); trying again in {Seconds} s", api.Redactor.Redact(ex.Message), wait.TotalSeconds);
                try { await Task.Delay(wait, stoppingToken).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
