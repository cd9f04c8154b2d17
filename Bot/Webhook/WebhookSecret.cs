using System.Security.Cryptography;
using System.Text;
using TuneBot.Bot.State;
using TuneBot.Core.Storage;

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

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile string? _secret;

    /// <summary>Loads (or creates) the shared secret, once; a failed load is tried again by the next caller.</summary>
    public async Task<string> LoadAsync(CancellationToken ct)
    {
        if (_secret is { } known) return known;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_secret is { } again) return again;
            // 1–256 characters of A-Z, a-z, 0-9, _ and - (Bot API); 32 random bytes in hex is 64 of them.
            var candidate = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            return _secret = await store.GetOrAddValueAsync(StateKey, candidate, ct).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Whether the header carries the secret (constant time). Loads it first if need be: an instance the balancer
    /// sends a delivery to before its registration ran must not refuse a genuine update.
    /// </summary>
    public async Task<bool> MatchesAsync(string? header, CancellationToken ct)
    {
        var secret = await LoadAsync(ct).ConfigureAwait(false);
        return header is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(secret));
    }
}
