using CanaryOperator.Adapters;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Runtime.Errors;
using k8s;

namespace CanaryOperator.Hosting;

/// <summary>
/// Checks, before the informers start, the three things that otherwise show up only as endless retries: the API
/// server answers, the CRDs are installed, and the service account may list/watch what the caches need. Each
/// failure says what to fix.
/// </summary>
public static class Preflight
{
    public static async Task CheckAsync(IKubernetes client, OperatorOptions options, CancellationToken cancellationToken)
    {
        var istio = IstioResources.For(options.IstioApiVersion);
        try
        {
            await client.Version.GetCodeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && KubernetesErrors.StatusCode(ex) is not (401 or 403))
        {
            // 401/403 on /version only means it is closed to this user; the checks below are the ones that matter.
            throw new OperatorStartupException($"no Kubernetes API server reachable: {ex.Message}", ex);
        }

        var ns = options.Namespaces.Count > 0 ? options.Namespaces[0] : null;
        await ListAsync("rollouts", Rollout.Group, Rollout.Version, Rollout.Plural, "crds/rollouts.argoproj.io.yaml",
            () => ns is null
                ? client.CustomObjects.ListClusterCustomObjectAsync(Rollout.Group, Rollout.Version, Rollout.Plural, limit: 1, cancellationToken: cancellationToken)
                : client.CustomObjects.ListNamespacedCustomObjectAsync(Rollout.Group, Rollout.Version, ns, Rollout.Plural, limit: 1, cancellationToken: cancellationToken))
            .ConfigureAwait(false);
        foreach (var plural in new[] { IstioApi.VirtualServicePlural, IstioApi.DestinationRulePlural })
        {
            await ListAsync(plural, istio.Group, istio.Version, plural, "Istio's CRDs (or pick the served version with --istio-api-version)",
                () => ns is null
                    ? client.CustomObjects.ListClusterCustomObjectAsync(istio.Group, istio.Version, plural, limit: 1, cancellationToken: cancellationToken)
                    : client.CustomObjects.ListNamespacedCustomObjectAsync(istio.Group, istio.Version, ns, plural, limit: 1, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
        }
    }

    private static async Task ListAsync(string resource, string group, string version, string plural, string install, Func<Task<object>> list)
    {
        try
        {
            await list().ConfigureAwait(false);
        }
        catch (Exception ex) when (KubernetesErrors.StatusCode(ex) == 404)
        {
            throw new OperatorStartupException(
                $"the CustomResourceDefinition {plural}.{group} (version {version}) is not installed: install {install}", ex);
        }
        catch (Exception ex) when (KubernetesErrors.StatusCode(ex) == 403)
        {
            throw new OperatorStartupException(
                $"insufficient RBAC: the operator's service account may not 'list' resource '{resource}' in API group '{group}' " +
                "(grant get/list/watch; see charts/canary-operator)", ex);
        }
    }
}
