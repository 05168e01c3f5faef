using System.Runtime.CompilerServices;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Hashing;
using CanaryOperator.Engine.Istio;
using CanaryOperator.Engine.Snapshot;
using k8s.Models;

namespace CanaryOperator.Observe;

/// <summary>
/// The "observe" step: reads everything one planning pass may look at from the caches into one immutable
/// <see cref="ClusterSnapshot"/>. Never calls the API; a missing object is simply absent from the snapshot
/// (the planner turns that into <c>InvalidSpec</c>). Pods are not cached: the caller lists them with
/// <see cref="RolloutPods"/> when a pass needs them and hands them in.
/// </summary>
public sealed class SnapshotBuilder(OperatorCaches caches)
{
    // Cached objects are replaced, never edited (ObjectStore), so hashes remembered per instance cannot go stale.
    private readonly SpecHashMemo _hashes = new();

    // The engine's view of a cached ReplicaSet, built once per cached instance (the same argument: a changed ReplicaSet
    // is a new instance). Copying its label and annotation maps on every pass was ~3 % of a no-op reconcile.
    private readonly ConditionalWeakTable<V1ReplicaSet, ReplicaSetState> _replicaSets = new();

    public ClusterSnapshot Build(Rollout rollout, DateTimeOffset now, IReadOnlyList<PodState>? pods = null)
    {
        var ns = RolloutIndexes.NamespaceOf(rollout);
        return new ClusterSnapshot
        {
            Rollout = rollout,
            Now = now,
            ReplicaSets = OwnedReplicaSets(rollout, ns),
            ReferencedDeployment = ReferencedDeployment(rollout, ns),
            VirtualServices = ReferencedVirtualServices(rollout, ns),
            DestinationRule = ReferencedDestinationRule(rollout, ns),
            Services = ReferencedServices(rollout, ns),
            Pods = pods,
            Hashes = _hashes,
        };
    }

    /// <summary>ReplicaSets whose controller ownerReference is this Rollout's UID, minus those being deleted.</summary>
    private List<ReplicaSetState> OwnedReplicaSets(Rollout rollout, string ns) =>
        string.IsNullOrEmpty(rollout.Metadata.Uid)
            ? []
            : [.. caches.ReplicaSets.ByIndex(ns, OperatorCaches.ReplicaSetsByController, rollout.Metadata.Uid)
                .Where(rs => rs.Metadata.NamespaceProperty == ns)
                .Select(rs => _replicaSets.GetValue(rs, ReplicaSetStates.From))
                .OrderBy(rs => rs.Name, StringComparer.Ordinal)];

    private DeploymentState? ReferencedDeployment(Rollout rollout, string ns)
    {
        if (rollout.Spec.WorkloadRef is not { Kind: "Deployment", Name: { Length: > 0 } name })
        {
            return null;
        }

        return caches.Deployments.Get(ns, name) is { } deployment
            ? new DeploymentState
            {
                Namespace = ns,
                Name = name,
                Generation = deployment.Metadata.Generation ?? 0,
                SpecReplicas = deployment.Spec?.Replicas ?? 1,
                Template = deployment.Spec?.Template,
                Selector = deployment.Spec?.Selector,
            }
            : null;
    }

    private Dictionary<string, VirtualService> ReferencedVirtualServices(Rollout rollout, string ns)
    {
        var found = new Dictionary<string, VirtualService>(StringComparer.Ordinal);
        foreach (var reference in VirtualServiceName.References(rollout.Spec.Strategy.Canary?.TrafficRouting?.Istio))
        {
            var (vsNamespace, vsName) = VirtualServiceName.Parse(reference.Name ?? "", ns);
            if (caches.VirtualServices.Get(vsNamespace, vsName) is { } vs)
            {
                found[ClusterSnapshot.Key(vsNamespace, vsName)] = vs;
            }
        }

        return found;
    }

    private DestinationRule? ReferencedDestinationRule(Rollout rollout, string ns) =>
        rollout.Spec.Strategy.Canary?.TrafficRouting?.Istio?.DestinationRule is { Name: { Length: > 0 } name }
            ? caches.DestinationRules.Get(ns, name)
            : null;

    private Dictionary<string, ServiceState> ReferencedServices(Rollout rollout, string ns)
    {
        var found = new Dictionary<string, ServiceState>(StringComparer.Ordinal);
        foreach (var name in RolloutIndexes.ServiceNames(rollout))
        {
            if (caches.Services.Get(ns, name) is V1Service service)
            {
                found[name] = new ServiceState
                {
                    Name = name,
                    Selector = new Dictionary<string, string>(service.Spec?.Selector ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                    Annotations = new Dictionary<string, string>(service.Metadata.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal),
                };
            }
        }

        return found;
    }
}
