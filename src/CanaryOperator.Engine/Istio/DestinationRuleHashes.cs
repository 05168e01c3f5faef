using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// Points the DestinationRule's canary/stable subsets at ReplicaSet hashes (§5.4; <c>istio.go:UpdateHash</c>).
/// </summary>
public static class DestinationRuleHashes
{
    public static string DelayMessage(string replicaSetName) => $"delaying destination rule switch: ReplicaSet {replicaSetName} not fully available";

    public static string NotFoundMessage(string name) => $"destinationrules.networking.istio.io \"{name}\" not found";

    /// <summary>
    /// Adds the <c>managed-by-rollouts</c> annotation, sets (or, for an empty hash, removes) the
    /// <c>rollouts-pod-template-hash</c> label of the canary and stable subsets, labels subsets named after current
    /// experiment services with their hash (appending missing ones, sorted), and DROPS every other subset — as Argo
    /// does. All other fields (host, trafficPolicy, subset trafficPolicy, other labels) are kept.
    /// Deviation: an existing experiment subset whose destination has no hash loses the label and is not appended a
    /// second time (Argo appends a duplicate subset in that case).
    /// </summary>
    /// <param name="destinationRule">The live rule; null (not in the cache) gives Argo's NotFound error.</param>
    public static DestinationRuleUpdate Apply(
        DestinationRule? destinationRule,
        IstioDestinationRuleRef config,
        string rolloutName,
        string? canaryHash,
        string? stableHash,
        IReadOnlyList<WeightDestination>? additionalDestinations = null)
    {
        if (destinationRule is null)
        {
            return DestinationRuleUpdate.Fail(null, NotFoundMessage(config.Name ?? ""));
        }

        if (AlreadyApplied(destinationRule, config, rolloutName, canaryHash, stableHash, additionalDestinations))
        {
            // The steady state: the copy and the JSON diff below would find nothing to change (they were ~a tenth of a
            // no-op reconcile; docs/benchmarks.md, "Reconcile CPU").
            return new DestinationRuleUpdate(destinationRule, false, JsonPatchDocument.Empty);
        }

        var updated = DestinationRuleUpdate.Copy(destinationRule);
        updated.Metadata.Annotations ??= new Dictionary<string, string>();
        updated.Metadata.Annotations[RolloutAnnotations.ManagedByRollouts] = rolloutName;

        var pending = new Dictionary<string, WeightDestination>(StringComparer.Ordinal);
        foreach (var destination in additionalDestinations ?? [])
        {
            pending[destination.ServiceName ?? ""] = destination;
        }

        var subsets = new List<Subset>();
        foreach (var subset in updated.Spec.Subsets ?? [])
        {
            var name = subset.Name ?? "";
            if (name == config.CanarySubsetName)
            {
                subsets.Add(WithHash(subset, canaryHash));
            }
            else if (name == config.StableSubsetName)
            {
                subsets.Add(WithHash(subset, stableHash));
            }
            else if (pending.Remove(name, out var experiment))
            {
                subsets.Add(WithHash(subset, experiment.PodTemplateHash));
            }

            // any other subset is dropped (Argo: "Ignore any extraneous subsets")
        }

        foreach (var (service, destination) in pending.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            subsets.Add(new Subset
            {
                Name = service,
                Labels = new Dictionary<string, string> { [RolloutLabels.PodTemplateHash] = destination.PodTemplateHash ?? "" },
            });
        }

        var result = updated with { Spec = updated.Spec with { Subsets = updated.Spec.Subsets is null && subsets.Count == 0 ? null : subsets } };
        return DestinationRuleUpdate.Between(destinationRule, result);
    }

    /// <summary>
    /// The delay gate (<c>shouldDelayDestinationRuleUpdate</c>): only for subset-only routing (no canary AND no stable
    /// Service) with a destinationRule. Every ReplicaSet with replicas whose hash is the stable hash, or the canary
    /// hash unless aborted / dynamically rolling back, must be fully available (spec ≤ available, both &gt; 0),
    /// otherwise the first one that is not is named and the whole pass stops with <see cref="DelayMessage"/>.
    /// </summary>
    public static (bool Delay, string ReplicaSetName) ShouldDelayUpdate(
        Rollout rollout,
        string? canaryHash,
        string? stableHash,
        IReadOnlyList<ReplicaSetState> replicaSets,
        bool dynamicallyRollingBack = false)
    {
        var canary = rollout.Spec.Strategy.Canary;
        if (canary?.TrafficRouting?.Istio?.DestinationRule is null
            || !string.IsNullOrEmpty(canary.CanaryService)
            || !string.IsNullOrEmpty(canary.StableService))
        {
            return (false, "");
        }

        var skipCanary = rollout.Status?.Abort == true || dynamicallyRollingBack;
        foreach (var rs in replicaSets)
        {
            if (rs.SpecReplicas <= 0 || rs.PodTemplateHash.Length == 0)
            {
                continue;
            }

            var isStable = rs.PodTemplateHash == stableHash;
            var isCanary = !skipCanary && rs.PodTemplateHash == canaryHash;
            if ((isStable || isCanary) && !(rs.AvailableReplicas > 0 && rs.SpecReplicas <= rs.AvailableReplicas))
            {
                return (true, rs.Name);
            }
        }

        return (false, "");
    }

    /// <summary><see cref="ShouldDelayUpdate"/> as the error that ends the pass, or null.</summary>
    public static string? DelayError(Rollout rollout, string? canaryHash, string? stableHash, IReadOnlyList<ReplicaSetState> replicaSets, bool dynamicallyRollingBack = false)
    {
        var (delay, name) = ShouldDelayUpdate(rollout, canaryHash, stableHash, replicaSets, dynamicallyRollingBack);
        return delay ? DelayMessage(name) : null;
    }

    /// <summary>
    /// True when <see cref="Apply"/> would leave the rule as it is: already annotated as managed by
    /// <paramref name="rolloutName"/>, no subset it would drop, every kept subset already labelled as it would label
    /// it, and no experiment subset to append.
    /// </summary>
    private static bool AlreadyApplied(
        DestinationRule rule,
        IstioDestinationRuleRef config,
        string rolloutName,
        string? canaryHash,
        string? stableHash,
        IReadOnlyList<WeightDestination>? additionalDestinations)
    {
        if (rule.Metadata?.Annotations is not { } annotations
            || !annotations.TryGetValue(RolloutAnnotations.ManagedByRollouts, out var manager)
            || manager != rolloutName)
        {
            return false;
        }

        var pending = new Dictionary<string, WeightDestination>(StringComparer.Ordinal);
        foreach (var destination in additionalDestinations ?? [])
        {
            pending[destination.ServiceName ?? ""] = destination;
        }

        foreach (var subset in rule.Spec.Subsets ?? [])
        {
            var name = subset.Name ?? "";
            string? hash;
            if (name == config.CanarySubsetName)
            {
                hash = canaryHash;
            }
            else if (name == config.StableSubsetName)
            {
                hash = stableHash;
            }
            else if (pending.Remove(name, out var experiment))
            {
                hash = experiment.PodTemplateHash;
            }
            else
            {
                return false;
            }

            var labelled = subset.Labels is { } labels && labels.TryGetValue(RolloutLabels.PodTemplateHash, out var current) ? current : null;
            if (string.IsNullOrEmpty(hash) ? labelled is not null : labelled != hash)
            {
                return false;
            }
        }

        return pending.Count == 0;
    }

    private static Subset WithHash(Subset subset, string? hash)
    {
        var labels = new Dictionary<string, string>(subset.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (string.IsNullOrEmpty(hash))
        {
            labels.Remove(RolloutLabels.PodTemplateHash);
        }
        else
        {
            labels[RolloutLabels.PodTemplateHash] = hash;
        }

        return subset with { Labels = labels.Count == 0 && subset.Labels is null ? null : labels };
    }
}
