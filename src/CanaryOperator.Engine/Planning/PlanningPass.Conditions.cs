using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Status;
using CanaryOperator.Engine.Steps;

namespace CanaryOperator.Engine.Planning;

/// <summary><c>sync.go:calculateRolloutConditions</c> (§8.3) and the progress deadline (§1.6, §1.7).</summary>
internal sealed partial class PlanningPass
{
    private const int DefaultProgressDeadlineSeconds = 600;

    private RolloutStatus CalculateRolloutConditions(RolloutStatus status)
    {
        var conditions = status.Conditions;
        var isPaused = (Current.PauseConditions?.Count ?? 0) > 0 || rollout.Spec.Paused == true;
        var rsName = newRS?.Name ?? name;

        if (!IsAborted && TimedOut(status) && rollout.Spec.ProgressDeadlineAbort == true && !FullyPromoted)
        {
            // §1.7 evaluateProgressDeadlineAbort: abort as if status.abort were set.
            addAbort = true;
            abortMessage = $"ReplicaSet \"{rsName}\" has timed out progressing.";
        }

        if (IsAborted)
        {
            var message = $"Rollout aborted update to revision {RolloutRevision()}";
            if (abortMessage is not null)
            {
                message = $"{message}: {abortMessage}";
            }

            var (updated, changed) = RolloutConditionList.Set(conditions, RolloutConditionList.New(RolloutConditionTypes.Progressing,
                RolloutConditionList.False, RolloutConditionReasons.RolloutAborted, message, Now));
            conditions = updated;
            if (changed)
            {
                Event(PlannedEvent.Warning, EventReasons.RolloutAborted, message);
            }
        }

        var current = RolloutConditionList.Get(Current.Conditions, RolloutConditionTypes.Progressing);
        var isCompleteRollout = status.Replicas == status.AvailableReplicas && current?.Reason == RolloutConditionReasons.NewReplicaSetAvailable;
        if (!isCompleteRollout && !IsAborted)
        {
            if (RolloutComplete(status))
            {
                conditions = RolloutConditionList.Set(conditions, RolloutConditionList.New(RolloutConditionTypes.Progressing, RolloutConditionList.True,
                    RolloutConditionReasons.NewReplicaSetAvailable, $"ReplicaSet \"{rsName}\" has successfully progressed.", Now)).Conditions;
            }
            else if (MadeProgress(status))
            {
                conditions = RolloutConditionList.Refresh(conditions, RolloutConditionList.New(RolloutConditionTypes.Progressing, RolloutConditionList.True,
                    RolloutConditionReasons.ReplicaSetUpdated, $"ReplicaSet \"{rsName}\" is progressing.", Now));
            }
            else if (TimedOut(status with { Conditions = conditions }))
            {
                var message = $"ReplicaSet \"{rsName}\" has timed out progressing.";
                var (updated, changed) = RolloutConditionList.Set(conditions, RolloutConditionList.New(RolloutConditionTypes.Progressing,
                    RolloutConditionList.False, RolloutConditionReasons.ProgressDeadlineExceeded, message, Now));
                conditions = updated;
                if (changed)
                {
                    Event(PlannedEvent.Warning, EventReasons.ProgressDeadlineExceeded, message);
                }
            }
        }

        var available = (status.AvailableReplicas ?? 0) >= replicas;
        conditions = RolloutConditionList.Set(conditions, RolloutConditionList.New(RolloutConditionTypes.Available,
            available ? RolloutConditionList.True : RolloutConditionList.False, RolloutConditionReasons.Available,
            available ? "Rollout has minimum availability" : "Rollout does not have minimum availability", Now)).Conditions;

        var completed = !string.IsNullOrEmpty(status.StableRS) && status.StableRS == status.CurrentPodHash;
        if (completed || RolloutConditionList.Get(conditions, RolloutConditionTypes.Completed) is not null)
        {
            conditions = RolloutConditionList.Set(conditions, RolloutConditionList.New(RolloutConditionTypes.Completed,
                completed ? RolloutConditionList.True : RolloutConditionList.False, RolloutConditionReasons.RolloutCompleted,
                RolloutConditionReasons.RolloutCompleted, Now)).Conditions;
        }

        var healthy = !isPaused && completed
            && status.UpdatedReplicas == replicas && status.AvailableReplicas == replicas && status.Replicas == replicas
            && (StepCount == 0 || status.CurrentStepIndex == StepCount);
        if (healthy || RolloutConditionList.Get(conditions, RolloutConditionTypes.Healthy) is not null)
        {
            conditions = RolloutConditionList.Set(conditions, RolloutConditionList.New(RolloutConditionTypes.Healthy,
                healthy ? RolloutConditionList.True : RolloutConditionList.False,
                healthy ? RolloutConditionReasons.RolloutHealthy : RolloutConditionReasons.RolloutNotHealthy,
                healthy ? "Rollout is healthy" : "Rollout is not healthy", Now)).Conditions;
        }

        if (ReplicaFailureCondition() is { } failure)
        {
            conditions = RolloutConditionList.Set(conditions, failure).Conditions;
        }
        else if (RolloutConditionList.Get(conditions, RolloutConditionTypes.ReplicaFailure) is not null)
        {
            conditions = RolloutConditionList.Remove(conditions, RolloutConditionTypes.ReplicaFailure);
        }

        return status with { Conditions = conditions };
    }

    /// <summary>
    /// <c>getReplicaFailures</c> (§8.3): the new ReplicaSet's <c>ReplicaFailure</c> condition, else the first one of any
    /// other ReplicaSet, as a Rollout condition with the ReplicaSet's status, reason, message and transition time.
    /// </summary>
    private RolloutCondition? ReplicaFailureCondition()
    {
        var failure = newRS?.ReplicaFailure;
        if (failure is null)
        {
            foreach (var rs in allRSs)
            {
                if (rs.ReplicaFailure is { } other)
                {
                    failure = other;
                    break;
                }
            }
        }

        if (failure is null)
        {
            return null;
        }

        DateTimeOffset? transition = failure.LastTransitionTime is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
        return new RolloutCondition
        {
            Type = RolloutConditionTypes.ReplicaFailure,
            Status = failure.Status,
            Reason = failure.Reason,
            Message = failure.Message,
            LastUpdateTime = transition,
            LastTransitionTime = transition,
        };
    }

    /// <summary><c>conditions.RolloutComplete</c> for canary: promoted and the new RS fully updated and available.</summary>
    private bool RolloutComplete(RolloutStatus status) =>
        !string.IsNullOrEmpty(status.StableRS) && status.StableRS == status.CurrentPodHash
        && status.UpdatedReplicas == replicas && (newRS?.AvailableReplicas ?? 0) >= replicas;

    /// <summary><c>conditions.RolloutProgressing</c>: any progress since the persisted status.</summary>
    private bool MadeProgress(RolloutStatus status)
    {
        var before = Current;
        var oldReplicasBefore = (before.Replicas ?? 0) - (before.UpdatedReplicas ?? 0);
        var oldReplicasNow = (status.Replicas ?? 0) - (status.UpdatedReplicas ?? 0);
        return (status.UpdatedReplicas ?? 0) != (before.UpdatedReplicas ?? 0)
            || oldReplicasNow < oldReplicasBefore
            || (status.ReadyReplicas ?? 0) > (before.ReadyReplicas ?? 0)
            || (status.AvailableReplicas ?? 0) > (before.AvailableReplicas ?? 0)
            || status.StableRS != before.StableRS
            || status.CurrentStepIndex != before.CurrentStepIndex
            || status.CurrentStepHash != before.CurrentStepHash
            || status.CurrentPodHash != before.CurrentPodHash;
    }

    /// <summary><c>conditions.RolloutTimedOut</c> with the exclusions of <c>isIndefiniteStep</c> and <c>isWaitingForReplicaSetScaleDown</c>.</summary>
    private bool TimedOut(RolloutStatus status)
    {
        if (!CanTimeOut())
        {
            return false;
        }

        var progressing = RolloutConditionList.Get(status.Conditions, RolloutConditionTypes.Progressing);
        if (progressing is null || progressing.Reason is RolloutConditionReasons.RolloutAborted or RolloutConditionReasons.RolloutPaused
            or RolloutConditionReasons.NewReplicaSetAvailable)
        {
            return false;
        }

        if (progressing.Reason == RolloutConditionReasons.ProgressDeadlineExceeded)
        {
            return true;
        }

        var deadline = rollout.Spec.ProgressDeadlineSeconds ?? DefaultProgressDeadlineSeconds;
        return progressing.LastUpdateTime is { } last && last.AddSeconds(deadline) < Now;
    }

    private bool CanTimeOut()
    {
        var (step, _) = CanarySteps.CurrentStep(rollout);
        if (step is { Pause: not null } or { Analysis: not null } or { Experiment: not null })
        {
            return false;
        }

        if (RolloutConditionList.Get(Current.Conditions, RolloutConditionTypes.Paused)?.Status == RolloutConditionList.True
            || (Current.PauseConditions?.Count ?? 0) > 0 || rollout.Spec.Paused == true)
        {
            return false;
        }

        return !otherRSs.Any(r => r.Annotations.ContainsKey(RolloutAnnotations.ScaleDownDeadline));
    }

    /// <summary><c>sync.go:requeueStuckRollout</c>: wake up when the progress deadline would expire.</summary>
    private void RequeueForProgressDeadline(RolloutStatus status)
    {
        var progressing = RolloutConditionList.Get(status.Conditions, RolloutConditionTypes.Progressing);
        if (progressing is null || progressing.Status != RolloutConditionList.True || progressing.Reason == RolloutConditionReasons.NewReplicaSetAvailable
            || progressing.LastUpdateTime is not { } last || !CanTimeOut())
        {
            return;
        }

        var deadline = rollout.Spec.ProgressDeadlineSeconds ?? DefaultProgressDeadlineSeconds;
        var after = last.AddSeconds(deadline) - Now + TimeSpan.FromSeconds(1);
        if (after > TimeSpan.Zero)
        {
            Requeue(after);
        }
    }
}
