using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Planning;

/// <summary>Stable/canary Service selectors (§1.16; <c>rollout/service.go:reconcileStableAndCanaryService</c>, <c>ensureSVCTargets</c>).</summary>
internal sealed partial class PlanningPass
{
    private void ReconcileStableAndCanaryService()
    {
        EnsureServiceTarget(canary.StableService, stableRS, checkAvailability: true);
        if (IsDynamicallyRollingBackToStable())
        {
            // Keep the canary Service on the previous canary until traffic has left it (§3.6e).
            var previous = Current.Canary!.Weights!.Canary.PodTemplateHash;
            EnsureServiceTarget(canary.CanaryService, allRSs.FirstOrDefault(r => r.PodTemplateHash == previous), checkAvailability: true);
            return;
        }

        if (IsAborted)
        {
            // Basic canary: the canary Service serves the stable pods during an abort. Traffic-routed: done by
            // traffic routing together with the weight (so the two never disagree within a pass).
            if (!TrafficRouted)
            {
                EnsureServiceTarget(canary.CanaryService, stableRS, checkAvailability: true);
            }

            return;
        }

        EnsureServiceTarget(canary.CanaryService, newRS, checkAvailability: true);
    }

    /// <summary>
    /// Point the Service at the ReplicaSet's hash. A Service we do not manage yet (adoption) switches only to a fully
    /// available ReplicaSet; a managed one needs at least one available pod.
    /// </summary>
    private void EnsureServiceTarget(string? serviceName, ReplicaSetState? rs, bool checkAvailability)
    {
        if (rs is null || string.IsNullOrEmpty(serviceName) || snapshot.FindService(serviceName) is not { } service)
        {
            return;
        }

        var current = service.Selector.GetValueOrDefault(RolloutLabels.PodTemplateHash);
        if (current == rs.PodTemplateHash || actions.OfType<SetServiceSelector>().Any(a => a.Name == serviceName && a.Hash == rs.PodTemplateHash))
        {
            return;
        }

        var managed = service.Annotations.GetValueOrDefault(RolloutAnnotations.ManagedByRollouts) == name;
        if (checkAvailability)
        {
            var ready = managed
                ? rs.AvailableReplicas > 0
                : rs.SpecReplicas > 0 && rs.AvailableReplicas >= rs.SpecReplicas;
            if (!ready)
            {
                return;
            }
        }

        actions.Add(new SetServiceSelector(ns, serviceName, rs.PodTemplateHash, managed ? null : name));
        Event(PlannedEvent.Normal, EventReasons.SwitchService, $"Switched selector for service '{serviceName}' from '{current}' to '{rs.PodTemplateHash}'");
    }
}
