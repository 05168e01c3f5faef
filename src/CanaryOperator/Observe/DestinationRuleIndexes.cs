using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Runtime.Informers;

namespace CanaryOperator.Observe;

/// <summary>
/// DestinationRules by the Rollout named in their <c>argo-rollouts.argoproj.io/managed-by-rollouts</c> annotation,
/// as <c>namespace/rollout</c>: the rules a Rollout's reconcile may have to release. Only managed rules are indexed,
/// and a reconcile reads its own few instead of copying the whole cluster's store (docs/benchmarks.md, "Profiling").
/// </summary>
public static class DestinationRuleIndexes
{
    public const string ByManagingRollout = "destinationrules-by-managing-rollout";

    public static IEnumerable<string> ManagingRolloutOf(DestinationRule rule) =>
        rule.Metadata?.Annotations?.TryGetValue(RolloutAnnotations.ManagedByRollouts, out var owner) == true && owner.Length > 0
            ? [ObjectKey.For(rule.Metadata.NamespaceProperty, owner)]
            : [];
}
