using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Istio;
using CanaryOperator.Runtime.Informers;
using k8s.Models;

namespace CanaryOperator.Observe;

/// <summary>
/// The reverse look-ups that turn a change of a related object into the Rollout keys to reconcile. Every value is
/// <c>namespace/name</c> of the related object, so one index serves cluster-wide and per-namespace informers alike.
/// </summary>
public static class RolloutIndexes
{
    /// <summary>Rollouts by the Deployment their <c>workloadRef</c> names.</summary>
    public const string ByDeployment = "rollouts-by-deployment";

    /// <summary>Rollouts by each VirtualService they route (a VS may live in another namespace).</summary>
    public const string ByVirtualService = "rollouts-by-virtualservice";

    /// <summary>Rollouts by the DestinationRule they re-point.</summary>
    public const string ByDestinationRule = "rollouts-by-destinationrule";

    /// <summary>Rollouts by the canary / stable / ping / pong Services they name.</summary>
    public const string ByService = "rollouts-by-service";

    public static IEnumerable<string> DeploymentOf(Rollout rollout) =>
        rollout.Spec.WorkloadRef is { Kind: "Deployment", Name: { Length: > 0 } name } ? [Key(rollout, name)] : [];

    public static IEnumerable<string> VirtualServicesOf(Rollout rollout) =>
        VirtualServiceName.References(rollout.Spec.Strategy.Canary?.TrafficRouting?.Istio)
            .Where(r => !string.IsNullOrEmpty(r.Name))
            .Select(r => VirtualServiceName.Parse(r.Name!, NamespaceOf(rollout)))
            .Select(p => ObjectKey.For(p.Namespace, p.Name))
            .Distinct(StringComparer.Ordinal);

    public static IEnumerable<string> DestinationRuleOf(Rollout rollout) =>
        rollout.Spec.Strategy.Canary?.TrafficRouting?.Istio?.DestinationRule is { Name: { Length: > 0 } name } ? [Key(rollout, name)] : [];

    public static IEnumerable<string> ServicesOf(Rollout rollout) =>
        ServiceNames(rollout).Select(n => Key(rollout, n));

    /// <summary>The Service names a Rollout references (its own namespace).</summary>
    public static IEnumerable<string> ServiceNames(Rollout rollout)
    {
        var canary = rollout.Spec.Strategy.Canary;
        return new[] { canary?.CanaryService, canary?.StableService, canary?.PingPong?.PingService, canary?.PingPong?.PongService }
            .Where(n => !string.IsNullOrEmpty(n))
            .Select(n => n!)
            .Distinct(StringComparer.Ordinal);
    }

    public static string NamespaceOf(Rollout rollout) =>
        string.IsNullOrEmpty(rollout.Metadata.NamespaceProperty) ? "default" : rollout.Metadata.NamespaceProperty;

    /// <summary>The Rollout that controls a ReplicaSet (controller ownerReference of kind Rollout), as a queue key.</summary>
    public static string? OwnerRolloutKey(V1ReplicaSet replicaSet) =>
        replicaSet.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == Rollout.KindName) is { } owner
            ? ObjectKey.For(replicaSet.Metadata.NamespaceProperty, owner.Name)
            : null;

    private static string Key(Rollout rollout, string name) => ObjectKey.For(NamespaceOf(rollout), name);
}
