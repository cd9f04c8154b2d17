using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace TuneBot.Bot.Health;

/// <summary>
/// /health/live: the process serves requests (200). /health/ready: 200 when every <see cref="Readiness"/> check
/// passes, else 503 — a load balancer sends webhooks only to ready instances. Both answer JSON without secrets.
/// </summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapTuneBotHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => Results.Json(new { status = "live" }));
        endpoints.MapGet("/health/ready", async (Readiness readiness, CancellationToken ct) =>
        {
            var checks = await readiness.CheckAsync(ct).ConfigureAwait(false);
            var ready = checks.All(c => c.Ready);
            return Results.Json(new
            {
                status = ready ? "ready" : "not ready",
                checks = checks.ToDictionary(c => c.Name, c => new { ready = c.Ready, detail = c.Detail }),
            }, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
