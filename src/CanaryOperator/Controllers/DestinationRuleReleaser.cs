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
        // The rules this Rollout manages come from their own index, and the only Rollout NeedsRelease looks for is
        // the managing one: no copy of the cluster's stores per reconcile.
        Api.Rollouts.Rollout[] rollouts = caches.Rollouts.Get(ns, rolloutName) is { } rollout ? [rollout] : [];
        foreach (var rule in caches.DestinationRules.ByIndex(ns, DestinationRuleIndexes.ByManagingRollout, Runtime.Informers.ObjectKey.For(ns, rolloutName)))
        {
            if (!DestinationRuleCleanup.NeedsRelease(rule, rollouts))
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
