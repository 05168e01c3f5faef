using CanaryOperator.Adapters;
using CanaryOperator.Engine.Istio;
using CanaryOperator.Observe;

namespace CanaryOperator.Controllers;

/// <summary>
/// Hands DestinationRules back once their Rollout no longer references them (trafficRouting removed, rule renamed,
/// Rollout deleted): the managed-by annotation and the hash labels go (Argo's separate DestinationRule sync,
/// <c>rollout/trafficrouting/istio/controller.go:syncDestinationRule</c>; the rule is the engine's
/// <see cref="DestinationRuleCleanup"/>). Runs at the end of every reconcile of the managing Rollout's key.
/// </summary>
public sealed class DestinationRuleReleaser(OperatorCaches caches, DestinationRuleWriter writer)
{
    /// <summary>Releases every rule in <paramref name="ns"/> that <paramref name="rolloutName"/> manages but no longer references.</summary>
    public async Task<IReadOnlyList<WrittenObject>> ReleaseAsync(string ns, string rolloutName, CancellationToken cancellationToken)
    {
        var written = new List<WrittenObject>();
        var rollouts = caches.Rollouts.InNamespace(ns);
        foreach (var rule in caches.DestinationRules.InNamespace(ns))
        {
            if (rule.Metadata.Annotations?.TryGetValue(Api.Rollouts.RolloutAnnotations.ManagedByRollouts, out var owner) != true
                || owner != rolloutName || !DestinationRuleCleanup.NeedsRelease(rule, rollouts))
            {
                continue;
            }

            var release = DestinationRuleCleanup.Release(rule);
            if (release.Changed
                && await writer.PatchAsync(ns, rule.Metadata.Name, release.Patch.ToJsonString(), cancellationToken).ConfigureAwait(false) is { } w)
            {
                written.Add(w);
            }
        }

        return written;
    }
}
