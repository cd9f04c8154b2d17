using System.Security.Cryptography;
using System.Text;
using TuneBot.Core.Catalog;

namespace TuneBot.Bot.Webhook;

/// <summary>
/// The secret_token Telegram sends with every webhook delivery (header X-Telegram-Bot-Api-Secret-Token). Random,
/// made by the first instance and kept in bot_state, so every instance behind the load balancer checks the same one
/// and each one's setWebhook registers that one. Never logged.
/// </summary>
public sealed class WebhookSecret(IBotStateStore store)
{
    public const string HeaderName = "X-Telegram-Bot-Api-Secret-Token";
    private const string StateKey = "webhook_secret_token";

    private byte[]? _secret;

    /// <summary>Loads (or creates) the shared secret; call before the endpoint takes requests.</summary>
    public async Task<string> LoadAsync(CancellationToken ct)
    {
        // 1–256 characters of A-Z, a-z, 0-9, _ and - (Bot API); 32 random bytes in hex is 64 of them.
        var candidate = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var secret = await store.GetOrAddValueAsync(StateKey, candidate, ct).ConfigureAwait(false);
        _secret = Encoding.UTF8.GetBytes(secret);
        return secret;
    }

    /// <summary>Whether the header carries the secret (constant time; false until loaded).</summary>
    public bool Matches(string? header) =>
        _secret is { } secret && header is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), secret);
}
