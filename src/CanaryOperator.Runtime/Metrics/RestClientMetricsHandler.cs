using System.Globalization;

namespace CanaryOperator.Runtime.Metrics;

/// <summary>
/// Counts every API request by status code and method (<c>rest_client_requests_total</c>). Plug it into the client:
/// <c>new Kubernetes(config, new RestClientMetricsHandler(metrics))</c>. A request that fails without a response is
/// counted with code <c>&lt;error&gt;</c>, as client-go does.
/// </summary>
public sealed class RestClientMetricsHandler(RuntimeMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            metrics.RestClientRequests
                .WithLabels(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), request.Method.Method)
                .Inc();
            return response;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.RestClientRequests.WithLabels("<error>", request.Method.Method).Inc();
            throw;
        }
    }
}
