using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Status;

/// <summary><c>status.phase</c> and <c>status.message</c> (<c>utils/rollout/rolloututil.go:CalculateRolloutPhase</c>, §8.4).</summary>
public static class RolloutPhaseCalculator
{
    /// <summary>First matching rule wins; Healthy has a null message (Argo patches it to null).</summary>
    public static (string Phase, string? Message) Calculate(RolloutSpec spec, RolloutStatus status)
    {
        var conditions = status.Conditions ?? [];
        var invalid = conditions.FirstOrDefault(c => c.Type == RolloutConditionTypes.InvalidSpec);
        if (invalid is not null)
        {
            return (RolloutPhases.Degraded, $"{RolloutConditionReasons.InvalidSpec}: {invalid.Message}");
        }

        var degraded = conditions.FirstOrDefault(c =>
            c.Reason is RolloutConditionReasons.RolloutAborted or RolloutConditionReasons.ProgressDeadlineExceeded);
        if (degraded is not null)
        {
            return (RolloutPhases.Degraded, $"{degraded.Reason}: {degraded.Message}");
        }

        if (spec.Paused == true)
        {
            return (RolloutPhases.Paused, "manually paused");
        }

        if (status.PauseConditions is { Count: > 0 } pauses)
        {
            return (RolloutPhases.Paused, pauses[0].Reason);
        }

        if (!string.IsNullOrEmpty(spec.RestartAt) && spec.RestartAt != status.RestartedAt)
        {
            return (RolloutPhases.Progressing, "rollout is restarting");
        }

        var replicas = spec.Replicas ?? 1;
        var updated = status.UpdatedReplicas ?? 0;
        if (updated < replicas)
        {
            return (RolloutPhases.Progressing, "more replicas need to be updated");
        }

        if ((status.AvailableReplicas ?? 0) < updated)
        {
            return (RolloutPhases.Progressing, "updated replicas are still becoming available");
        }

        if (spec.Strategy.Canary?.TrafficRouting is null && (status.Replicas ?? 0) > updated)
        {
            return (RolloutPhases.Progressing, "old replicas are pending termination");
        }

        if (string.IsNullOrEmpty(status.StableRS) || status.StableRS != status.CurrentPodHash)
        {
            return (RolloutPhases.Progressing, "waiting for all steps to complete");
        }

        return (RolloutPhases.Healthy, null);
    }
}
