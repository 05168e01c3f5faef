using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// Releasing a DestinationRule no rollout references any more (§5.5; <c>controller.go:syncDestinationRule</c>):
/// the <c>managed-by-rollouts</c> annotation and every subset's <c>rollouts-pod-template-hash</c> label go.
/// </summary>
public static class DestinationRuleCleanup
{
    /// <summary>
    /// True when the rule is annotated managed-by a rollout that no longer exists in
    /// <paramref name="rolloutsInNamespace"/> or no longer names this rule in <c>istio.destinationRule.name</c>.
    /// </summary>
    public static bool NeedsRelease(DestinationRule destinationRule, IEnumerable<Rollout> rolloutsInNamespace)
    {
        if (destinationRule.Metadata.Annotations is null
            || !destinationRule.Metadata.Annotations.TryGetValue(RolloutAnnotations.ManagedByRollouts, out var owner))
        {
            return false;
        }

        var rollout = rolloutsInNamespace.FirstOrDefault(r => r.Metadata?.Name == owner);
        return rollout?.Spec.Strategy.Canary?.TrafficRouting?.Istio?.DestinationRule?.Name != destinationRule.Metadata.Name;
    }

    /// <summary>Removes the annotation and all hash labels; other labels and fields stay.</summary>
    public static DestinationRuleUpdate Release(DestinationRule destinationRule)
    {
        var updated = DestinationRuleUpdate.Copy(destinationRule);
        updated.Metadata.Annotations?.Remove(RolloutAnnotations.ManagedByRollouts);
        if (updated.Metadata.Annotations is { Count: 0 })
        {
            updated.Metadata.Annotations = null;
        }

        var subsets = updated.Spec.Subsets?.Select(s =>
        {
            if (s.Labels is null || !s.Labels.ContainsKey(RolloutLabels.PodTemplateHash))
            {
                return s;
            }

            var labels = s.Labels.Where(l => l.Key != RolloutLabels.PodTemplateHash).ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal);
            return s with { Labels = labels };
        }).ToList();

        return DestinationRuleUpdate.Between(destinationRule, updated with { Spec = updated.Spec with { Subsets = subsets } });
    }
}
