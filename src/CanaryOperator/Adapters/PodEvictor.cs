using CanaryOperator.Runtime.Errors;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CanaryOperator.Adapters;

/// <summary>
/// Evicts a Rollout's pod for a restart (§2.11) by creating a policy/v1 <c>Eviction</c> on <c>pods/eviction</c>, so
/// PodDisruptionBudgets are honoured. A 429 is a budget saying "not now" — logged and counted, not an error: the pod stays
/// and the restart's 30 s recheck tries again (Argo skips it the same way). A 404 means the pod is already gone.
/// </summary>
public sealed class PodEvictor(IKubernetes client, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private long _refused;

    /// <summary>Evictions a PodDisruptionBudget refused (429) since start.</summary>
    public long RefusedByDisruptionBudget => Interlocked.Read(ref _refused);

    /// <summary>Returns whether the pod was evicted (false: refused by a budget, or already gone).</summary>
    public async Task<bool> EvictAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var eviction = new V1Eviction
        {
            ApiVersion = "policy/v1",
            Kind = "Eviction",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        };
        try
        {
            await client.CoreV1.CreateNamespacedPodEvictionAsync(eviction, name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            _logger.LogInformation("Evicted pod {Namespace}/{Pod} for a restart", ns, name);
            return true;
        }
        catch (Exception ex) when (KubernetesErrors.IsTooManyRequests(ex))
        {
            Interlocked.Increment(ref _refused);
            _logger.LogWarning("Eviction of pod {Namespace}/{Pod} refused by a PodDisruptionBudget; retried later: {Message}", ns, name, ex.Message);
            return false;
        }
        catch (Exception ex) when (KubernetesErrors.IsNotFound(ex))
        {
            return false;
        }
    }
}
