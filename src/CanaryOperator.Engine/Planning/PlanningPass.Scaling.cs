using System.Globalization;
using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Replicas;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Steps;

namespace CanaryOperator.Engine.Planning;

/// <summary>
/// ReplicaSet scaling (§3; <c>canary.go:reconcileCanaryReplicaSets</c>): stable first, then new, then the others;
/// the first RS whose size changes ends the scaling phase of this pass.
/// </summary>
internal sealed partial class PlanningPass
{
    private const int DefaultScaleDownDelaySeconds = 30;
    private const int DefaultRevisionHistoryLimit = 10;

    /// <summary>Returns true when no ReplicaSet changed size (then the pause step is reconciled).</summary>
    private bool ReconcileCanaryReplicaSets()
    {
        if (rollout.Spec.Paused == true)
        {
            return true; // haltProgress: spec.paused freezes all scaling, HPA events included (§1.8)
        }

        RemoveScaleDownDeadlines();
        if (ReconcileStableReplicaSet())
        {
            return false;
        }

        if (ReconcileNewReplicaSet())
        {
            return false;
        }

        return !ReconcileOtherReplicaSets();
    }

    private bool AtDesiredReplicaCountsForCanary() =>
        ReplicaAvailability.AtDesiredReplicaCountsForCanary(rollout, newRS, stableRS, otherRSs, null);

    private bool ReplicaProgressThresholdMet(ReplicaSetState rs, int desired) =>
        canary.ReplicaProgressThreshold is not null && ReplicaAvailability.ReplicaProgressThresholdMet(canary.ReplicaProgressThreshold, rs, desired);

    /// <summary><c>shouldDelayScaleDownOnAbort</c>: a traffic-routed abort waits abortScaleDownDelaySeconds (not with DSS and no explicit delay).</summary>
    private bool ShouldDelayScaleDownOnAbort() =>
        IsAborted && AbortScaleDownDelay.SecondsOrNull(rollout) is not null
        && !(DynamicStableScale && canary.AbortScaleDownDelaySeconds is null);

    /// <summary><c>removeScaleDownDeadlines</c>: the new (unless in a delayed abort) and stable RS never keep a deadline.</summary>
    private void RemoveScaleDownDeadlines()
    {
        var targets = new List<ReplicaSetState>();
        if (newRS is not null && !ShouldDelayScaleDownOnAbort())
        {
            targets.Add(newRS);
        }

        if (stableRS is not null && stableRS != newRS)
        {
            targets.Add(stableRS);
        }

        foreach (var rs in targets.Where(r => r.Annotations.ContainsKey(RolloutAnnotations.ScaleDownDeadline)))
        {
            actions.Add(new SetReplicaSetAnnotation(ns, rs.Name, RolloutAnnotations.ScaleDownDeadline, null));
        }
    }

    /// <summary><c>reconcileCanaryStableReplicaSet</c>: sized with the PREVIOUSLY recorded weights (§10.5).</summary>
    private bool ReconcileStableReplicaSet()
    {
        if (!CanaryReplicaMath.CheckStableRSExists(newRS, stableRS))
        {
            return false;
        }

        var desired = TrafficRouted
            ? CanaryReplicaMath.CalculateReplicaCountsForTrafficRoutedCanary(rollout, newRS, stableRS, Current.Canary?.Weights).Stable
            : CanaryReplicaMath.CalculateReplicaCountsForBasicCanary(rollout, newRS, stableRS, otherRSs).Stable;
        var stable = stableRS!;
        return ScaleReplicaSet(ref stable, desired);
    }

    /// <summary><c>replicaset.go:reconcileNewReplicaSet</c>: sized with THIS pass's weights; the delayed scale-down on abort; workloadRef progressively.</summary>
    private bool ReconcileNewReplicaSet()
    {
        if (newRS is null)
        {
            return false;
        }

        var weights = newWeights ?? Current.Canary?.Weights;
        var desired = TrafficRouted
            ? CanaryReplicaMath.CalculateReplicaCountsForTrafficRoutedCanary(rollout, newRS, stableRS, weights).Canary
            : CanaryReplicaMath.CalculateReplicaCountsForBasicCanary(rollout, newRS, stableRS, otherRSs).Canary;

        if (IsAborted && TrafficRouted && !FullyPromoted && AbortScaleDownDelay.SecondsOrNull(rollout) is null)
        {
            desired = newRS.SpecReplicas; // abortScaleDownDelaySeconds: 0 → the aborted canary is never scaled down
        }
        else if (ShouldDelayScaleDownOnAbort() && !FullyPromoted)
        {
            desired = DelayedAbortTarget();
        }

        var canaryRS = newRS;
        var scaled = ScaleReplicaSet(ref canaryRS, desired);
        ScaleDeploymentProgressively(scaled && desired < newRS.AvailableReplicas);
        return scaled;
    }

    /// <summary>While aborting with a delay: keep the canary; annotate the deadline once the stable is whole; 0 after it.</summary>
    private int DelayedAbortTarget()
    {
        var rs = newRS!;
        if (rs.Annotations.TryGetValue(RolloutAnnotations.ScaleDownDeadline, out var text))
        {
            if (Rfc3339Time.TryParse(text, out var deadline))
            {
                if (deadline > Now)
                {
                    Requeue(deadline - Now);
                    return rs.SpecReplicas;
                }

                return 0;
            }

            return rs.SpecReplicas;
        }

        if (stableRS is null || stableRS.AvailableReplicas >= replicas)
        {
            var delay = AbortScaleDownDelay.SecondsOrNull(rollout)!.Value;
            AddScaleDownDelay(rs, delay);
        }

        return rs.SpecReplicas;
    }

    private void AddScaleDownDelay(ReplicaSetState rs, int seconds)
    {
        actions.Add(new SetReplicaSetAnnotation(ns, rs.Name, RolloutAnnotations.ScaleDownDeadline, Rfc3339Time.ToText(Now.AddSeconds(seconds))));
        Requeue(TimeSpan.FromSeconds(seconds));
    }

    /// <summary>
    /// <c>scaleDownOldReplicaSetsForCanary</c> (§3.10): unhealthy pods first, then within maxScaleDown, newest first;
    /// traffic-routed RSs still referenced anywhere are skipped; after promotion the previous stable waits for its
    /// scale-down deadline (DSS: goes to 0 at once); an abandoned intermediate canary goes to 0 without delay.
    /// </summary>
    private bool ReconcileOtherReplicaSets()
    {
        var active = otherRSs.Where(r => r.SpecReplicas > 0).ToList();
        if (active.Count == 0)
        {
            return false;
        }

        var scaledDown = 0;
        var (trimmed, _) = OldReplicaSetScaleDown.TrimUnhealthy(active);
        var current = new Dictionary<string, ReplicaSetState>(StringComparer.Ordinal);
        foreach (var rs in active)
        {
            var state = rs;
            if (trimmed.TryGetValue(rs.Name, out var spec))
            {
                scaledDown += rs.SpecReplicas - spec;
                ScaleReplicaSet(ref state, spec);
            }

            current[rs.Name] = state;
        }

        var maxScaleDown = OldReplicaSetScaleDown.MaxScaleDown(rollout, allRSs);
        if (maxScaleDown <= 0)
        {
            return scaledDown > 0;
        }

        var annotated = 0;
        var revisionLimit = canary.ScaleDownDelayRevisionLimit ?? int.MaxValue;
        foreach (var original in OldReplicaSetScaleDown.NewestFirst(current.Values))
        {
            var rs = original;
            if (TrafficRouted && IsReplicaSetReferenced(rs))
            {
                continue;
            }

            if (maxScaleDown <= 0)
            {
                break;
            }

            if (rs.SpecReplicas == 0)
            {
                continue;
            }

            var desired = 0;
            if (!TrafficRouted)
            {
                desired = rs.SpecReplicas > maxScaleDown ? rs.SpecReplicas - maxScaleDown : 0;
            }
            else if (FullyPromoted || rs.Annotations.ContainsKey(RolloutAnnotations.ScaleDownDeadline))
            {
                if (!DynamicStableScale)
                {
                    (annotated, desired) = ScaleDownDelay(rs, annotated, revisionLimit);
                }
            }

            if (rs.SpecReplicas == desired)
            {
                continue;
            }

            var removed = rs.SpecReplicas - desired;
            ScaleReplicaSet(ref rs, desired);
            maxScaleDown -= removed;
            scaledDown += removed;
        }

        return scaledDown > 0;
    }

    /// <summary><c>scaleDownDelayHelper</c>: the first <c>scaleDownDelayRevisionLimit</c> RSs wait for their deadline, the rest go now.</summary>
    private (int Annotated, int Desired) ScaleDownDelay(ReplicaSetState rs, int annotated, int revisionLimit)
    {
        if (!rs.Annotations.TryGetValue(RolloutAnnotations.ScaleDownDeadline, out var text))
        {
            if (annotated < revisionLimit)
            {
                AddScaleDownDelay(rs, canary.ScaleDownDelaySeconds ?? DefaultScaleDownDelaySeconds);
                return (annotated + 1, rs.SpecReplicas);
            }

            return (annotated, 0);
        }

        if (annotated < revisionLimit && Rfc3339Time.TryParse(text, out var deadline) && deadline > Now)
        {
            Requeue(deadline - Now);
            return (annotated + 1, rs.SpecReplicas);
        }

        return (annotated, 0);
    }

    /// <summary><c>isReplicaSetReferenced</c>: status hashes, recorded weights, Service selectors, DestinationRule subsets.</summary>
    private bool IsReplicaSetReferenced(ReplicaSetState rs)
    {
        var hash = rs.PodTemplateHash;
        var status = Current;
        var weights = status.Canary?.Weights;
        if (hash == status.StableRS || hash == status.CurrentPodHash
            || hash == weights?.Canary.PodTemplateHash || hash == weights?.Stable.PodTemplateHash)
        {
            return true;
        }

        foreach (var serviceName in new[] { canary.CanaryService, canary.StableService, canary.PingPong?.PingService, canary.PingPong?.PongService })
        {
            if (snapshot.FindService(serviceName) is { } svc && svc.Selector.GetValueOrDefault(RolloutLabels.PodTemplateHash) == hash)
            {
                return true;
            }
        }

        return snapshot.DestinationRule?.Spec.Subsets?.Any(s => s.Labels?.GetValueOrDefault(RolloutLabels.PodTemplateHash) == hash) == true;
    }

    /// <summary>
    /// <c>scaleReplicaSetAndRecordEvent</c>: writes when the size or the desired-replicas annotation differ; returns
    /// true only when the SIZE changed. A full scale-down drops the scale-down deadline (not during a delayed abort).
    /// </summary>
    private bool ScaleReplicaSet(ref ReplicaSetState rs, int desired)
    {
        var desiredText = replicas.ToString(CultureInfo.InvariantCulture);
        var sizeChanges = rs.SpecReplicas != desired;
        var annotationChanges = rs.Annotations.GetValueOrDefault(RolloutAnnotations.DesiredReplicas) != desiredText;
        if (!sizeChanges && !annotationChanges)
        {
            return false;
        }

        var dropDeadline = desired == 0 && !ShouldDelayScaleDownOnAbort() && rs.Annotations.ContainsKey(RolloutAnnotations.ScaleDownDeadline);
        actions.Add(new ScaleReplicaSet(ns, rs.Name, desired, desiredText, dropDeadline));
        if (sizeChanges)
        {
            Event(PlannedEvent.Normal, EventReasons.ScalingReplicaSet,
                $"Scaled {(desired > rs.SpecReplicas ? "up" : "down")} ReplicaSet {rs.Name} (revision {rs.Revision.ToString(CultureInfo.InvariantCulture)}) from {rs.SpecReplicas.ToString(CultureInfo.InvariantCulture)} to {desired.ToString(CultureInfo.InvariantCulture)}");
        }

        var annotations = new Dictionary<string, string>(rs.Annotations) { [RolloutAnnotations.DesiredReplicas] = desiredText };
        if (dropDeadline)
        {
            annotations.Remove(RolloutAnnotations.ScaleDownDeadline);
        }

        var updated = rs with { SpecReplicas = desired, Annotations = annotations };
        ReplaceReplicaSet(rs, updated);
        rs = updated;
        return sizeChanges;
    }

    private void ReplaceReplicaSet(ReplicaSetState before, ReplicaSetState after)
    {
        allRSs = [.. allRSs.Select(r => r == before ? after : r)];
        otherRSs = [.. otherRSs.Select(r => r == before ? after : r)];
        if (newRS == before)
        {
            newRS = after;
        }

        if (stableRS == before)
        {
            stableRS = after;
        }
    }

    /// <summary><c>sync.go:reconcileRevisionHistoryLimit</c> (§1.4): prune the oldest fully scaled-down other RSs beyond the limit.</summary>
    private void ReconcileRevisionHistoryLimit()
    {
        var limit = rollout.Spec.RevisionHistoryLimit ?? DefaultRevisionHistoryLimit;
        var alive = otherRSs.Where(r => r.DeletionTimestamp is null).OrderBy(r => r.CreationTimestamp).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var excess = alive.Count - limit;
        for (var i = 0; i < excess; i++)
        {
            var rs = alive[i];
            if (rs.StatusReplicas != 0 || rs.SpecReplicas != 0 || rs.Generation > rs.ObservedGeneration)
            {
                continue;
            }

            actions.Add(new DeleteReplicaSet(ns, rs.Name));
        }
    }

    /// <summary>workloadRef <c>scaleDown: progressively</c> (§1.3): the Deployment shrinks as Rollout pods become ready (revision 1 only).</summary>
    private void ScaleDeploymentProgressively(bool newReplicaSetScaledDown)
    {
        if (rollout.Spec.WorkloadRef?.ScaleDown != ScaleDownModes.Progressively || newRS?.Revision != 1)
        {
            return;
        }

        if (persisted.Phase == RolloutPhases.Healthy)
        {
            ScaleReferencedDeployment(0);
        }
        else if ((persisted.ReadyReplicas ?? 0) > 0 || newReplicaSetScaledDown)
        {
            ScaleReferencedDeployment(replicas - (persisted.ReadyReplicas ?? 0));
        }
    }

    /// <summary><c>scale_utils.go:scaleDeployment</c>: clamp at 0, no-op when unchanged.</summary>
    private void ScaleReferencedDeployment(int desired)
    {
        var deployment = snapshot.ReferencedDeployment;
        desired = Math.Max(0, desired);
        if (deployment is null || deployment.SpecReplicas == desired)
        {
            return;
        }

        actions.Add(new ScaleDeployment(deployment.Namespace, deployment.Name, desired));
        Event(PlannedEvent.Normal, EventReasons.ScaleDownDeployment, $"Scaled Deployment {deployment.Name} from {deployment.SpecReplicas.ToString(CultureInfo.InvariantCulture)} to {desired.ToString(CultureInfo.InvariantCulture)}");
    }
}
