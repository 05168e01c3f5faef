using System.Globalization;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Status;
using CanaryOperator.Engine.Steps;

namespace CanaryOperator.Engine.Planning;

/// <summary>Status bookkeeping of a pass: base counts, conditions, phase, persist (§8).</summary>
internal sealed partial class PlanningPass
{
    private static readonly TimeSpan InvalidSpecRetry = TimeSpan.FromSeconds(20);

    /// <summary>
    /// §8.6: InvalidSpec condition (message <c>The Rollout "x" is invalid: &lt;field error&gt;</c>), phase Degraded,
    /// a Warning event when the condition is new or changed, requeue in 20 s, and nothing else.
    /// </summary>
    private Plan InvalidSpec(string fieldError)
    {
        var message = $"The Rollout \"{name}\" is invalid: {fieldError}";
        var condition = RolloutConditionList.New(RolloutConditionTypes.InvalidSpec, RolloutConditionList.True,
            RolloutConditionReasons.InvalidSpec, message, Now);
        var (conditions, changed) = RolloutConditionList.Set(persisted.Conditions, condition);
        if (changed)
        {
            Event(PlannedEvent.Warning, EventReasons.InvalidSpec, message);
        }

        var status = persisted with { Conditions = conditions, ObservedGeneration = Generation() };
        var (phase, phaseMessage) = RolloutPhaseCalculator.Calculate(rollout.Spec, status);
        status = status with { Phase = phase, Message = phaseMessage };
        return new Plan { Status = status, Events = [.. events], RequeueAfter = InvalidSpecRetry };
    }

    /// <summary>
    /// <c>context.go:checkPausedConditions</c>: keep the Paused and Progressing conditions in line with the pause
    /// state, spec.paused and abort/retry. When it changes a condition the pass ends here (§2.3).
    /// </summary>
    private Plan? CheckPausedConditions()
    {
        var status = Current;
        var progressing = RolloutConditionList.Get(status.Conditions, RolloutConditionTypes.Progressing);
        var progressingPaused = progressing?.Reason == RolloutConditionReasons.RolloutPaused;
        var isPaused = (status.PauseConditions?.Count ?? 0) > 0 || rollout.Spec.Paused == true;
        var abortConditionExists = progressing?.Reason == RolloutConditionReasons.RolloutAborted;
        var updated = new List<RolloutCondition>();
        if (isPaused != progressingPaused && !abortConditionExists)
        {
            updated.Add(isPaused
                ? RolloutConditionList.New(RolloutConditionTypes.Progressing, RolloutConditionList.Unknown, RolloutConditionReasons.RolloutPaused, "Rollout is paused", Now)
                : RolloutConditionList.New(RolloutConditionTypes.Progressing, RolloutConditionList.Unknown, RolloutConditionReasons.RolloutResumed, "Rollout is resumed", Now));
        }

        if (status.Abort != true && abortConditionExists)
        {
            updated.Add(RolloutConditionList.New(RolloutConditionTypes.Progressing, RolloutConditionList.Unknown, RolloutConditionReasons.RolloutRetry, "Retrying Rollout after abort", Now));
        }

        var pausedCondition = RolloutConditionList.Get(status.Conditions, RolloutConditionTypes.Paused);
        var pausedTrue = pausedCondition?.Status == RolloutConditionList.True;
        if (isPaused != pausedTrue && !abortConditionExists)
        {
            updated.Add(RolloutConditionList.New(RolloutConditionTypes.Paused, isPaused ? RolloutConditionList.True : RolloutConditionList.False,
                RolloutConditionReasons.RolloutPaused, "Rollout is paused", Now));
        }

        if (updated.Count == 0)
        {
            return null;
        }

        var conditions = status.Conditions;
        foreach (var condition in updated)
        {
            conditions = RolloutConditionList.Set(conditions, condition).Conditions;
            if (condition.Reason == RolloutConditionReasons.RolloutRetry)
            {
                Event(PlannedEvent.Normal, EventReasons.RolloutRetry, condition.Message!);
            }
        }

        if (isPaused != pausedTrue && !abortConditionExists)
        {
            PauseTransitionEvent(isPaused, afterAbort: status.Abort == true || progressing?.Reason == RolloutConditionReasons.RolloutRetry);
        }

        // patchCondition: conditions, observedGeneration and phase only (no pause bookkeeping).
        return FinishWithoutPauseBookkeeping(status with { Conditions = conditions });
    }

    /// <summary>
    /// <c>RolloutPaused</c> / <c>RolloutResumed</c> Events, called when the <c>Paused</c> condition flips: only this
    /// check changes it, so the persisted status vs the new one tells the transition and a re-plan of a persisted state
    /// emits nothing. Paused: a pause step began or <c>spec.paused</c> was set. Resumed: a promote (pause conditions
    /// nulled) or <c>spec.paused</c> cleared — never an abort or a retry, which clear the pause for other reasons.
    /// </summary>
    private void PauseTransitionEvent(bool isPaused, bool afterAbort)
    {
        // The step position keeps the Events of successive pauses apart (Argo's message alone repeats verbatim).
        var at = CanarySteps.CurrentStep(rollout) is (not null, { } index) ? $" at step {index + 1}/{StepCount}" : "";
        if (isPaused)
        {
            var reasons = string.Join(", ", (Current.PauseConditions ?? []).Select(c => c.Reason));
            Event(PlannedEvent.Normal, EventReasons.RolloutPaused,
                (reasons.Length > 0 ? $"Rollout is paused ({reasons})" : "Rollout is paused (manually paused)") + at);
        }
        else if (!afterAbort)
        {
            Event(PlannedEvent.Normal, EventReasons.RolloutResumed, "Rollout is resumed" + at);
        }
    }

    /// <summary><c>sync.go:calculateBaseStatus</c> plus the HPA fields of <c>syncRolloutStatusCanary</c> (§7.2, §7.3).</summary>
    private RolloutStatus BaseStatus()
    {
        var status = Current;
        var currentPodHash = newRS?.PodTemplateHash ?? CurrentTemplateHash();
        var weights = newWeights ?? status.Canary?.Weights;
        var canaryStatus = status.Canary ?? new CanaryStatus();
        return status with
        {
            CurrentPodHash = currentPodHash,
            Replicas = allRSs.Sum(r => r.StatusReplicas),
            UpdatedReplicas = newRS?.StatusReplicas ?? 0,
            ReadyReplicas = allRSs.Sum(r => r.ReadyReplicas),
            AvailableReplicas = allRSs.Sum(r => r.AvailableReplicas),
            HPAReplicas = allRSs.Sum(r => r.StatusReplicas),
            Selector = LabelSelectorText.Format(selector),
            Conditions = RolloutConditionList.Remove(status.Conditions, RolloutConditionTypes.InvalidSpec),
            PromoteFull = currentPodHash != status.StableRS && status.PromoteFull == true ? true : null,
            CurrentStepHash = StepHash,
            Canary = weights is null && canaryStatus == new CanaryStatus() ? status.Canary : canaryStatus with { Weights = weights },
            RestartedAt = restartSettled ? rollout.Spec.RestartAt : status.RestartedAt,
        };
    }

    /// <summary><c>persistRolloutStatus</c>: pause/abort bookkeeping, observedGeneration, phase; the progress-deadline requeue.</summary>
    private Plan Finish(RolloutStatus status)
    {
        status = CalculatePauseStatus(status);
        return FinishWithoutPauseBookkeeping(status);
    }

    private Plan FinishWithoutPauseBookkeeping(RolloutStatus status)
    {
        status = status with
        {
            ObservedGeneration = Generation(),
            WorkloadObservedGeneration = WorkloadObservedGeneration() ?? status.WorkloadObservedGeneration,
        };
        var (phase, message) = RolloutPhaseCalculator.Calculate(rollout.Spec, status);
        status = status with { Phase = phase, Message = message };
        RequeueForProgressDeadline(status);
        return new Plan { Status = status, Actions = PlannedActions(), Events = [.. events], RequeueAfter = requeueAfter };
    }

    private string Generation() => (rollout.Metadata.Generation ?? 0).ToString(CultureInfo.InvariantCulture);

    private string? WorkloadObservedGeneration()
    {
        if (rollout.Spec.WorkloadRef is null)
        {
            return null;
        }

        if (rollout.Metadata.Annotations is { } a && a.TryGetValue(RolloutAnnotations.WorkloadGeneration, out var g))
        {
            return g;
        }

        return workloadGeneration?.ToString(CultureInfo.InvariantCulture);
    }
}
