using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.KubectlPlugin.Rendering;

/// <summary>
/// The phase a client shows (<c>utils/rollout/rolloututil.go:GetRolloutPhase</c>, §8.4): the controller's
/// <c>status.phase</c>, except Progressing while the spec change is not yet observed or while an unpause is
/// pending (controllerPause still true, pause conditions already cleared).
/// </summary>
public static class DisplayPhase
{
    public static (string Phase, string Message) Of(Rollout rollout)
    {
        var status = rollout.Status;
        var generation = rollout.Metadata?.Generation;
        if (status?.ObservedGeneration is { } observed && generation is not null
            && observed != generation.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return (RolloutPhases.Progressing, "waiting for rollout spec update to be observed");
        }

        if (status?.ControllerPause == true && (status.PauseConditions?.Count ?? 0) == 0 && rollout.Spec.Paused != true)
        {
            return (RolloutPhases.Progressing, "waiting for rollout to unpause");
        }

        if (!string.IsNullOrEmpty(status?.Phase))
        {
            return (status.Phase, status.Message ?? "");
        }

        return ("Unknown", "the controller has not reported a status yet");
    }
}
