using k8s;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// The driver's KubernetesClient. It sends its own User-Agent so that the emulator's audit summary can tell the
/// driver's calls (population, image changes, promotes) from the operator's.
/// </summary>
internal static class BenchClient
{
    public const string UserAgent = "canary-bench-driver";

    public static Kubernetes Create(string kubeconfig)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        // The emulator can hold a request for a long time on this loaded machine; a slow answer is not a failure here.
        config.HttpClientTimeout = TimeSpan.FromMinutes(10);
        return new Kubernetes(config, new UserAgentHandler());
    }

    private sealed class UserAgentHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.UserAgent.Clear();
            request.Headers.UserAgent.ParseAdd(UserAgent);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
