using k8s;

namespace CanaryOperator.Benchmarks.Scale;

/// <summary>
/// The driver's KubernetesClient. It sends its own User-Agent so that the emulator's audit summary can tell the
/// driver's calls (population, image changes, promotes) from the operator's.
/// </summary>
internal static class BenchClient
{
    public const string UserAgent = "canary-bench-driver";

    public static Kubernetes Create(string kubeconfig) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig), new UserAgentHandler());

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
