using System.Globalization;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Pauses;
using CanaryOperator.Engine.Steps;

namespace CanaryOperator.Engine.Planning;

/// <summary>Steps, pauses, promotion and abort bookkeeping (§2; <c>rollout/pause.go</c>, <c>canary.go:syncRolloutStatusCanary</c>).</summary>
internal sealed partial class PlanningPass
{
    // pauseContext of rollout/pause.go
    private bool addCanaryPause;
    private bool removeCanaryPause;
    private bool clearPauseConditions;
    private bool removeAbort;
    private bool addAbort;
    private string? abortMessage;

    private bool IsAborted => (Current.Abort == true && !removeAbort) || addAbort;

    /// <summary><c>pause.go:CalculatePauseStatus</c>: abort keeps its first timestamp; pause conditions added/removed; controllerPause dropped with the last one.</summary>
    private RolloutStatus CalculatePauseStatus(RolloutStatus status)
    {
        if (IsAborted)
        {
            return status with { Abort = true, AbortedAt = Current.AbortedAt ?? Now, PauseConditions = null, ControllerPause = null };
        }

        status = status with { Abort = null, AbortedAt = null };
        if (clearPauseConditions)
        {
            return status with { PauseConditions = null, ControllerPause = null };
        }

        var controllerPause = Current.ControllerPause == true;
        var conditions = (Current.PauseConditions ?? [])
            .Where(c => !(removeCanaryPause && c.Reason == PauseReasons.CanaryPauseStep))
            .ToList();
        if (addCanaryPause && !(Current.PauseConditions ?? []).Any(c => c.Reason == PauseReasons.CanaryPauseStep))
        {
            conditions.Add(new PauseCondition { Reason = PauseReasons.CanaryPauseStep, StartTime = Now });
            controllerPause = true;
        }

        return conditions.Count == 0
            ? status with { PauseConditions = null, ControllerPause = null }
            : status with { PauseConditions = conditions, ControllerPause = controllerPause ? true : null };
    }

    /// <summary><c>canary.go:reconcileCanaryPause</c> (§2.2): enter a pause step; wake up when its duration ends.</summary>
    private void ReconcileCanaryPause()
    {
        if (rollout.Spec.Paused == true)
        {
            return;
        }

        var (step, _) = CanarySteps.CurrentStep(rollout);
        if (step?.Pause is not { } pause)
        {
            return;
        }

        var condition = CanaryPauseCondition();
        if (condition is null && Current.ControllerPause != true)
        {
            addCanaryPause = true;
        }

        if (pause.Duration is not null)
        {
            var start = condition?.StartTime ?? Now;
            Requeue(start.AddSeconds(Math.Max(0, PauseDuration.Seconds(pause.Duration))) - Now);
        }
    }

    private PauseCondition? CanaryPauseCondition() =>
        Current.PauseConditions?.FirstOrDefault(c => c.Reason == PauseReasons.CanaryPauseStep);

    /// <summary>
    /// <c>pause.go:CompletedCanaryPauseStep</c> (§2.3): resumed by a human (controllerPause set, condition gone), or
    /// the duration has elapsed. We complete at <c>now ≥ start + duration</c> (Argo: strictly after) so the wake-up
    /// requeued for exactly that instant completes the step instead of needing another one.
    /// </summary>
    private bool CompletedCanaryPauseStep(RolloutPause pause)
    {
        var condition = CanaryPauseCondition();
        if (Current.ControllerPause == true && condition is null)
        {
            return true;
        }

        return pause.Duration is not null && condition?.StartTime is { } start
            && Now >= start.AddSeconds(PauseDuration.Seconds(pause.Duration));
    }

    /// <summary><c>canary.go:completedCurrentCanaryStep</c>. Header/mirror route steps complete once their route is written; steps this operator does not run (analysis, experiment, plugin) complete at once.</summary>
    private bool CompletedCurrentCanaryStep()
    {
        if (rollout.Spec.Paused == true)
        {
            return false;
        }

        var (step, _) = CanarySteps.CurrentStep(rollout);
        if (step is null)
        {
            return false;
        }

        if (step.Pause is { } pause)
        {
            return CompletedCanaryPauseStep(pause);
        }

        if (step.SetCanaryScale is not null || step.SetWeight is not null)
        {
            return AtDesiredReplicaCountsForCanary();
        }

        if (step.SetHeaderRoute is not null || step.SetMirrorRoute is not null)
        {
            return RouteStepComplete();
        }

        return true;
    }

    /// <summary>
    /// §2.9 <c>resetRolloutStatus</c>: a new template or new steps restart the update at step 0 (steps skipped when
    /// rolling back to the stable ReplicaSet or within rollbackWindow); the pass ends after persisting.
    /// </summary>
    private Plan ResetForNewTemplateOrSteps()
    {
        SyncReplicaSetRevision();
        clearPauseConditions = true;
        removeAbort = true;
        // SetRestartedAt: a new template brings up new pods anyway, so a pending restart is settled, not carried over.
        restartSettled = true;
        int? index = CanarySteps.ResetCurrentStepIndex(rollout);
        if (StepCount > 0 && (newRS!.PodTemplateHash == Current.StableRS || IsRollbackWithinWindow()))
        {
            Event(PlannedEvent.Normal, EventReasons.SkipSteps, "Rollback to stable ReplicaSets");
            index = StepCount;
        }

        var status = BaseStatus() with
        {
            CurrentStepIndex = index,
            PromoteFull = null,
        };
        status = CalculateRolloutConditions(status);
        return Finish(status);
    }

    /// <summary>
    /// <c>syncReplicaSetRevision</c>: the new RS must carry the highest revision — re-using an older RS (rollback)
    /// bumps it, appending the old one to <c>revision-history</c>; the Rollout's revision annotation follows.
    /// </summary>
    private void SyncReplicaSetRevision()
    {
        var maxOther = otherRSs.Concat(stableRS is null ? [] : [stableRS]).Where(r => r != newRS).Select(r => r.Revision).DefaultIfEmpty(0).Max();
        var revision = newRS!.Revision;
        if (revision <= maxOther)
        {
            var bumped = (maxOther + 1).ToString(CultureInfo.InvariantCulture);
            var history = newRS.Annotations.TryGetValue(RolloutAnnotations.RevisionHistory, out var h) && h.Length > 0
                ? $"{h},{revision.ToString(CultureInfo.InvariantCulture)}"
                : revision.ToString(CultureInfo.InvariantCulture);
            actions.Add(new SetReplicaSetAnnotation(ns, newRS.Name, RolloutAnnotations.RevisionHistory, history));
            actions.Add(new SetReplicaSetAnnotation(ns, newRS.Name, RolloutAnnotations.Revision, bumped));
            revision = maxOther + 1;
        }

        var revisionText = revision.ToString(CultureInfo.InvariantCulture);
        if ((rollout.Metadata.Annotations is { } annotations && annotations.TryGetValue(RolloutAnnotations.Revision, out var current) ? current : null) != revisionText)
        {
            actions.Add(new SetRolloutRevisionAnnotation(ns, name, revisionText));
            Event(PlannedEvent.Normal, EventReasons.RolloutUpdated, $"Rollout updated to revision {revisionText}");
        }
    }

    /// <summary><c>isRollbackWithinWindow</c>: the new RS predates the stable and fewer than N revisions lie between them.</summary>
    private bool IsRollbackWithinWindow()
    {
        if (newRS is null || stableRS is null || rollout.Spec.RollbackWindow?.Revisions is not > 0 || newRS.CreationTimestamp >= stableRS.CreationTimestamp)
        {
            return false;
        }

        var between = allRSs.Count(r => r.CreationTimestamp > newRS.CreationTimestamp && r.CreationTimestamp < stableRS.CreationTimestamp);
        return between < rollout.Spec.RollbackWindow.Revisions;
    }

    /// <summary><c>canary.go:syncRolloutStatusCanary</c> (§0.2.10): promotion, abort index, step advancement, conditions.</summary>
    private Plan SyncRolloutStatusCanary()
    {
        var status = BaseStatus();
        var (_, index) = CanarySteps.CurrentStep(rollout);
        if (Current.PromoteFull == true)
        {
            clearPauseConditions = true;
            removeAbort = true;
            if (StepCount > 0)
            {
                index = StepCount;
            }
        }

        if (ShouldFullPromote() is { } reason)
        {
            status = PromoteStable(status, reason);
            return Finish(CalculateRolloutConditions(status));
        }

        if (IsAborted)
        {
            if (StepCount > 0)
            {
                index = status.StableRS == status.CurrentPodHash ? StepCount : 0;
            }

            return Finish(CalculateRolloutConditions(status with { CurrentStepIndex = index }));
        }

        if (CompletedCurrentCanaryStep())
        {
            var (step, _) = CanarySteps.CurrentStep(rollout);
            index = (index ?? 0) + 1;
            removeCanaryPause = true;
            Event(PlannedEvent.Normal, EventReasons.RolloutStepCompleted,
                $"Rollout step {index}/{StepCount} completed ({DescribeStep(step)})");
        }

        return Finish(CalculateRolloutConditions(status with { CurrentStepIndex = index }));
    }

    private static string DescribeStep(CanaryStep? step) => step switch
    {
        { SetWeight: { } w } => $"setWeight: {w}",
        { Pause.Duration: { } d } => $"pause: {d}",
        { Pause: not null } => "pause",
        { SetCanaryScale: not null } => "setCanaryScale",
        { SetHeaderRoute: { } h } => $"setHeaderRoute: {h.Name}",
        { SetMirrorRoute: { } m } => $"setMirrorRoute: {m.Name}",
        _ => "step",
    };

    /// <summary><c>sync.go:shouldFullPromote</c> (§2.8), checks in Argo's order.</summary>
    private string? ShouldFullPromote()
    {
        if (stableRS is null)
        {
            return "Initial deploy";
        }

        if (IsAborted)
        {
            return null;
        }

        if (newRS is null || (newRS.AvailableReplicas < replicas && !ReplicaProgressThresholdMet(newRS, replicas)))
        {
            return null;
        }

        if (Current.PromoteFull == true)
        {
            return "Full promotion requested";
        }

        if (newRS.PodTemplateHash == stableRS.PodTemplateHash)
        {
            return "Fast rollback";
        }

        if (IsRollbackWithinWindow())
        {
            return "Rollback within window";
        }

        var (_, index) = CanarySteps.CurrentStep(rollout);
        return StepCount == 0 || index == StepCount ? $"Completed all {StepCount} canary steps" : null;
    }

    /// <summary><c>sync.go:promoteStable</c>: stableRS := currentPodHash (event RolloutCompleted); workloadRef onsuccess scale-down.</summary>
    private RolloutStatus PromoteStable(RolloutStatus status, string reason)
    {
        clearPauseConditions = true;
        removeAbort = true;
        status = status with { PromoteFull = null, CurrentStepIndex = StepCount > 0 ? StepCount : null };
        if (status.StableRS != status.CurrentPodHash)
        {
            status = status with { StableRS = status.CurrentPodHash };
            Event(PlannedEvent.Normal, EventReasons.RolloutCompleted,
                $"Rollout completed update to revision {RolloutRevision()} ({status.CurrentPodHash}): {reason}");
        }

        if (rollout.Spec.WorkloadRef?.ScaleDown == ScaleDownModes.OnSuccess && newRS?.Revision == 1 && persisted.Phase == RolloutPhases.Healthy)
        {
            ScaleReferencedDeployment(0);
        }

        return status;
    }
}
