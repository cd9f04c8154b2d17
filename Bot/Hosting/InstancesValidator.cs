using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using TuneBot.Bot.Handlers;
using TuneBot.Bot.Transport;

namespace TuneBot.Bot.Hosting;

/// <summary>
/// Refuses at start-up to run as one of several instances (Bot:Instances above 1) where that cannot work: on
/// SQLite, a file one machine's processes share with one writer at a time, and in polling mode, since Telegram
/// serves getUpdates to one consumer per token.
/// </summary>
public sealed class InstancesValidator(IConfiguration configuration) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions o)
    {
        if (o.Instances < 1) return ValidateOptionsResult.Fail($"Bot:Instances must be at least 1 (is {o.Instances}).");
        if (o.Instances == 1) return ValidateOptionsResult.Success;
        var errors = new List<string>();
        var provider = (configuration["Catalog:Provider"] ?? "").Trim().ToLowerInvariant();
        if (provider is "" or "sqlite")
            errors.Add($"Bot:Instances is {o.Instances}, but the catalog database is SQLite: several instances need a shared server, " +
                       "Catalog:Provider postgres or mysql (README, \"Several instances\"). Run one instance on SQLite.");
        var mode = configuration.GetSection(TelegramOptions.Section).Get<TelegramOptions>()?.Mode ?? ReceiveMode.Polling;
        if (mode == ReceiveMode.Polling && !string.IsNullOrWhiteSpace(TuneBotServices.TokenFrom(configuration)))
            errors.Add($"Bot:Instances is {o.Instances} in polling mode, but Telegram serves getUpdates to one consumer per token: " +
                       "set Telegram:Mode to webhook for several instances.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
