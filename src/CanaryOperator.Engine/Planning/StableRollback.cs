using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Planning;

/// <summary>Rolling the template back to the stable during an update with dynamicStableScale (§3.6e).</summary>
public static class StableRollback
{
    /// <summary>
    /// <c>rolloututil.IsDynamicallyRollingBackToStable</c>: fully promoted, traffic-routed with dynamicStableScale,
    /// the recorded canary weight points at another hash than <paramref name="desiredRS"/>, and the desired (= stable)
    /// ReplicaSet is not fully available yet — traffic then stays on the previous canary until it is.
    /// </summary>
    public static bool IsDynamicallyRollingBackToStable(Rollout rollout, ReplicaSetState? desiredRS)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var status = rollout.Status;
        var canary = rollout.Spec.Strategy.Canary;
        if (status is null || desiredRS is null || canary?.TrafficRouting is null || canary.DynamicStableScale != true)
        {
            return false;
        }

        var fullyPromoted = !string.IsNullOrEmpty(status.StableRS) && status.StableRS == status.CurrentPodHash;
        var weights = status.Canary?.Weights;
        return fullyPromoted && weights is not null
            && weights.Canary.PodTemplateHash != desiredRS.PodTemplateHash
            && desiredRS.AvailableReplicas < (rollout.Spec.Replicas ?? 1);
    }
}
