using CanaryOperator.Runtime.Metrics;
using k8s;

namespace CanaryOperator.Hosting;

/// <summary>
/// Builds the operator's single <see cref="IKubernetes"/>: configuration from <c>--kubeconfig</c>, else the in-cluster
/// service account, else <c>$KUBECONFIG</c>/<c>~/.kube/config</c>; every request counted in
/// <c>rest_client_requests_total</c> and throttled to QPS/burst.
/// </summary>
public static class ClientFactory
{
    public static KubernetesClientConfiguration LoadConfiguration(string? kubeconfig)
    {
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            if (!File.Exists(kubeconfig))
            {
                throw new OperatorStartupException($"kubeconfig '{kubeconfig}' does not exist");
            }

            return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        try
        {
            return KubernetesClientConfiguration.BuildDefaultConfig();
        }
        catch (Exception ex)
        {
            throw new OperatorStartupException(
                "no cluster configured: not running in a pod, no --kubeconfig, and no usable $KUBECONFIG or ~/.kube/config", ex);
        }
    }

    /// <summary>
    /// The client with metrics and throttling; <paramref name="innermost"/> (e.g. an emulator's in-process handler)
    /// replaces the network when given.
    /// </summary>
    public static Kubernetes Create(
        KubernetesClientConfiguration config, RuntimeMetrics metrics, double qps, int burst, TimeProvider? time = null, DelegatingHandler? innermost = null)
    {
        DelegatingHandler[] handlers = innermost is null
            ? [new RestClientMetricsHandler(metrics), new ClientRateLimitHandler(qps, burst, time)]
            : [new RestClientMetricsHandler(metrics), new ClientRateLimitHandler(qps, burst, time), innermost];
        return new Kubernetes(config, handlers);
    }
}
