using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Istio;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Steps;

namespace CanaryOperator.Engine.Planning;

/// <summary>
/// Traffic routing (§4, §5; <c>rollout/trafficrouting.go:reconcileTrafficRouting</c>), Istio only.
/// Our deliberate improvements over Argo, in order of precedence:
/// (1) aborted → canary weight 0 at once on every selected route (Argo steps down gradually with dynamicStableScale);
/// (2) a weight w goes to the canary ReplicaSet only when it has ≥ ceil(w·R/100) available pods — the desired
///     weight is capped at floor(100·available/R), on every path (steps, promote-full, rollback);
/// (3) Argo's stable-capacity hold (<c>checkReplicasAvailable</c>) uses ceil instead of floor and never holds
///     weights that break (1) or (2): traffic is never kept on pods that cannot carry it.
/// </summary>
internal sealed partial class PlanningPass
{
    private const int MaxWeight = 100;

    private readonly Dictionary<string, VirtualService> liveVirtualServices = [];
    private DestinationRule? liveDestinationRule;

    /// <summary>Returns why the pass must end after its actions (no status write): an error, or the DestinationRule wait.</summary>
    private PassStop? ReconcileTrafficRouting()
    {
        var istio = canary.TrafficRouting?.Istio;
        if (istio is null || newRS is null)
        {
            return null;
        }

        var recorded = Current.Canary?.Weights;
        var canaryHash = newRS.PodTemplateHash;
        var stableHash = stableRS?.PodTemplateHash ?? "";
        var canaryTarget = newRS;
        int desired;
        var removeManagedRoutes = true; // cases 2–5 of §4.1; the step case and the stable rollback keep them
        CanaryStep? routeStep = null;
        var rollingBack = IsDynamicallyRollingBackToStable();
        if (rollingBack)
        {
            canaryHash = recorded!.Canary.PodTemplateHash!;
            canaryTarget = allRSs.FirstOrDefault(r => r.PodTemplateHash == canaryHash);
            desired = WeightOnStableRollback(recorded);
            removeManagedRoutes = false;
        }
        else if (FullyPromoted)
        {
            desired = 0;
        }
        else if (IsAborted)
        {
            desired = 0;
            EnsureServiceTarget(canary.CanaryService, stableRS, checkAvailability: false);
        }
        else if (newRS.AvailableReplicas == 0)
        {
            desired = 0;
        }
        else if (Current.PromoteFull == true)
        {
            desired = DynamicStableScale
                ? (replicas == 0 ? 0 : MaxWeight * newRS.AvailableReplicas / replicas)
                : recorded?.Canary.Weight ?? 0;
        }
        else
        {
            removeManagedRoutes = false;
            var (step, index) = CanarySteps.CurrentStep(rollout);
            if (step is { SetHeaderRoute: not null } or { SetMirrorRoute: not null })
            {
                routeStep = step;
            }

            if (index is null)
            {
                desired = 0; // §4.1.7: no steps, blue-green-like cutover at promotion
            }
            else if (!AtDesiredReplicaCountsForCanary())
            {
                desired = PreviousSetWeight(index.Value);
            }
            else
            {
                desired = index < StepCount ? CanarySteps.CurrentSetWeight(rollout) : MaxWeight;
            }
        }

        desired = Math.Min(desired, WeightCapacity(canaryTarget));

        if (stableRS is null)
        {
            return null; // checkReplicasAvailable(nil) — the initial deploy never touches the router (§10.18)
        }

        var target = IstioTrafficTarget.From(rollout);
        if (removeManagedRoutes)
        {
            // Taking header/mirror routes away only moves traffic back to the weighted route, so unlike Argo (which
            // removes them before its stable-capacity check too) nothing below may hold it back.
            RemoveManagedRoutes(istio);
        }

        if (!HasCapacity(stableRS, MaxWeight - desired) && !RecordedWeightsBreakCanaryRules(recorded))
        {
            return null; // Argo: return before any router call; recorded weights stay
        }

        if (routeStep is not null && ApplyRouteStep(istio, target, routeStep) is { } routeError)
        {
            return PassStop.Failed(routeError);
        }

        if (newRS.AvailableReplicas == 0 && (recorded?.Canary.Weight ?? 0) > 0)
        {
            // §4.2c: reset the traffic before the canary subset is re-pointed at a ReplicaSet without pods.
            SetVirtualServiceWeights(istio, target, desired);
        }

        if (UpdateDestinationRule(istio, canaryHash, stableHash, rollingBack) is { } delay)
        {
            return PassStop.Wait(delay);
        }

        SetVirtualServiceWeights(istio, target, desired);
        newWeights = new TrafficWeights
        {
            Canary = new WeightDestination { Weight = desired, PodTemplateHash = canaryHash, ServiceName = NullIfEmpty(target.CanaryService) },
            Stable = new WeightDestination { Weight = MaxWeight - desired, PodTemplateHash = stableHash, ServiceName = NullIfEmpty(target.StableService) },
        };
        // Argo also records the event when status.canary.weights is first filled in, which made adopting a Rollout
        // say "Traffic weight updated from 0 to 0": an Event (one API write) for a transition that did not happen.
        if ((recorded?.Canary.Weight ?? 0) != desired)
        {
            Event(PlannedEvent.Normal, EventReasons.TrafficWeightUpdated,
                $"Traffic weight updated from {recorded?.Canary.Weight ?? 0} to {desired}");
        }

        return null;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    /// <summary>The last setWeight strictly before <paramref name="index"/> (0 if none): pods first, traffic on a later pass.</summary>
    private int PreviousSetWeight(int index)
    {
        for (var i = Math.Min(index, StepCount) - 1; i >= 0; i--)
        {
            if (canary.Steps![i].SetWeight is { } w)
            {
                return w;
            }
        }

        return 0;
    }

    /// <summary>The largest weight the ReplicaSet's available pods carry: max w with ceil(w·R/100) ≤ available.</summary>
    private int WeightCapacity(ReplicaSetState? rs)
    {
        if (rs is null)
        {
            return 0;
        }

        if (replicas <= 0 || rs.AvailableReplicas >= replicas)
        {
            return MaxWeight;
        }

        return MaxWeight * rs.AvailableReplicas / replicas;
    }

    private bool HasCapacity(ReplicaSetState rs, int weight) => WeightCapacity(rs) >= weight;

    /// <summary>Whether the weights live now send canary traffic that the rules forbid (abort, or more than its pods carry).</summary>
    private bool RecordedWeightsBreakCanaryRules(TrafficWeights? recorded)
    {
        if (recorded is null || recorded.Canary.Weight <= 0)
        {
            return false;
        }

        var receiving = allRSs.FirstOrDefault(r => r.PodTemplateHash == recorded.Canary.PodTemplateHash);
        return IsAborted || WeightCapacity(receiving) < recorded.Canary.Weight;
    }

    private bool IsDynamicallyRollingBackToStable() => StableRollback.IsDynamicallyRollingBackToStable(rollout, newRS);

    /// <summary><c>calculateDesiredWeightOnAbortOrStableRollback</c> for the dynamic rollback to stable (§3.6c).</summary>
    private int WeightOnStableRollback(TrafficWeights recorded)
    {
        var stable = newRS!; // stable == desired here
        if (replicas == 0)
        {
            return 0;
        }

        var desired = CanarySteps.DesiredWeight(rollout, newRS, stableRS);
        var expected = Math.Max(0, MaxWeight - (MaxWeight * stable.AvailableReplicas / replicas));
        var current = recorded.Canary.Weight;
        if (desired <= 0)
        {
            return Math.Min(expected, current);
        }

        var stableAvailabilityWeight = MaxWeight * stable.AvailableReplicas / replicas;
        return stableAvailabilityWeight < MaxWeight - desired ? current : Math.Min(desired, current);
    }

    private void SetVirtualServiceWeights(IstioTrafficRouting istio, IstioTrafficTarget target, int desired)
    {
        foreach (var (reference, vsNamespace, vsName, key, live) in LiveVirtualServices(istio))
        {
            var update = VirtualServiceWeights.Apply(live, reference, target, desired);
            if (update.Changed)
            {
                Record(vsNamespace, vsName, key, update);
                Event(PlannedEvent.Normal, EventReasons.UpdatedVirtualService, $"VirtualService `{vsName}` set to desiredWeight '{desired}'");
            }
        }
    }

    /// <summary>
    /// <c>UpdateHash</c> with the delay gate of <c>shouldDelayDestinationRuleUpdate</c> (§5.4); returns the delay
    /// message when the switch must wait for ReplicaSets to be fully available.
    /// </summary>
    private string? UpdateDestinationRule(IstioTrafficRouting istio, string canaryHash, string stableHash, bool rollingBack)
    {
        var reference = istio.DestinationRule;
        if (reference is null)
        {
            return null;
        }

        // The gate reads the abort flag as this pass sees it (an abort dropped in memory counts as not aborted).
        var gateView = rollout with { Status = Current with { Abort = IsAborted ? true : null } };
        if (DestinationRuleHashes.DelayError(gateView, canaryHash, stableHash, allRSs, rollingBack) is { } delay)
        {
            return delay;
        }

        var live = liveDestinationRule ?? snapshot.DestinationRule;
        if (live is null)
        {
            return null;
        }

        var update = DestinationRuleHashes.Apply(live, reference, name, canaryHash, stableHash);
        if (update.Changed)
        {
            liveDestinationRule = update.Updated;
            actions.Add(new UpdateDestinationRule(ns, live.Metadata.Name ?? reference.Name ?? "", update.Patch.ToJsonString()));
            Event(PlannedEvent.Normal, EventReasons.UpdatedDestinationRule, $"DestinationRule `{reference.Name}` subsets updated (canary: {canaryHash}, stable: {stableHash})");
        }

        return null;
    }
}
