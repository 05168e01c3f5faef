using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Steps;

/// <summary>
/// The parts of <c>utils/defaults/defaults.go:GetAbortScaleDownDelaySecondsOrDefault</c> the step helpers need
/// (§1.13): with trafficRouting the default is 30 s and an explicit 0 means "never scale the canary down";
/// basic canary has no abort delay.
/// </summary>
public static class AbortScaleDownDelay
{
    public const int DefaultSeconds = 30;

    /// <summary>Seconds to wait before scaling an aborted canary down; null when it is never delayed-then-scaled (basic canary) or never scaled down (explicit 0).</summary>
    public static int? SecondsOrNull(Rollout rollout)
    {
        var canary = rollout.Spec.Strategy.Canary;
        if (canary?.TrafficRouting is null)
        {
            return null;
        }

        return canary.AbortScaleDownDelaySeconds switch
        {
            null => DefaultSeconds,
            0 => null,
            var s => s,
        };
    }

    /// <summary>abortScaleDownDelaySeconds is written in the spec and is greater than 0.</summary>
    public static bool IsExplicitPositive(Rollout rollout) =>
        rollout.Spec.Strategy.Canary?.AbortScaleDownDelaySeconds is > 0;
}
