using CanaryOperator.Hosting;
using CanaryOperator.Runtime.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CanaryOperator.Http;

/// <summary>
/// The probe and scrape endpoints, on their own port: <c>/healthz</c> (nothing crashed), <c>/readyz</c> (every cache
/// has synced) and Prometheus <c>/metrics</c>.
/// </summary>
public static class OperatorEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints, Func<OperatorHost?> host)
    {
        endpoints.MapGet("/healthz", () => host() is { } h && !h.Health.IsHealthy
            ? Results.Text(h.Health.Describe(), statusCode: StatusCodes.Status500InternalServerError)
            : Results.Text("ok"));
        endpoints.MapGet("/readyz", () => host() is { } h && h.Health.IsReady
            ? Results.Text("ok")
            : Results.Text(host()?.Health.Describe() ?? "starting", statusCode: StatusCodes.Status503ServiceUnavailable));
        // Streamed, not built as one string: at 10,000 Rollouts the answer is megabytes (docs/benchmarks.md).
        endpoints.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = TextFormat.ContentType;
            if (host() is { } h)
            {
                await h.Metrics.Registry.WriteToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            }
        });
    }
}
