using CanaryOperator.Api.Primitives;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Pauses;
using CanaryOperator.Engine.Steps;

namespace CanaryOperator.KubectlPlugin.Rendering;

/// <summary>Why the rollout waits and the command that moves it on; null when it is not waiting on a person.</summary>
public static class ContinueHint
{
    public static string? For(Rollout rollout, string ns)
    {
        var name = rollout.Metadata?.Name;
        var status = rollout.Status;
        var target = $"{name} -n {ns}";
        if (status?.Abort == true)
        {
            return $"aborted: retry the update with 'kubectl canary retry rollout {target}', or change the pod template back";
        }

        if (rollout.Spec.Paused == true)
        {
            return $"manually paused: continue with 'kubectl canary resume {target}'";
        }

        var pause = status?.PauseConditions?.FirstOrDefault();
        if (pause is null)
        {
            return null;
        }

        if (pause.Reason == PauseReasons.CanaryPauseStep && CanarySteps.CurrentStep(rollout).Step?.Pause?.Duration is { } duration && pause.StartTime is { } start)
        {
            // Timed pause: the controller continues by itself once now > startTime + duration (pause.go:CompletedCanaryPauseStep).
            var until = start.AddSeconds(PauseDuration.Seconds(duration));
            return $"resumes by itself after {Rfc3339Time.ToText(until)}; continue now with 'kubectl canary promote {target}'";
        }

        return $"continue with 'kubectl canary promote {target}' (or 'kubectl canary promote {target} --full' to skip all steps)";
    }
}
