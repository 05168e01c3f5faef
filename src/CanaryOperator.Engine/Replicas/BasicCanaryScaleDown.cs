using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Replicas;

/// <summary>The scale-down half of the basic canary step (<c>calculateScaleDownReplicaCount</c>, <c>adjustReplicaWithinLimits</c>).</summary>
internal static class BasicCanaryScaleDown
{
    /// <summary>Shrink the RS whose availability was ignored toward its target, by at most <paramref name="scaleDown"/>.</summary>
    public static int DrainTowardDesired(ReplicaSetState? drainRS, int desired, int scaleDown, int current) =>
        drainRS is not null && drainRS.SpecReplicas > desired
            ? Math.Max(desired, drainRS.SpecReplicas - scaleDown)
            : current;

    /// <summary>
    /// Re-balances so the total stays within maxSurge and availability does not fall below minAvailable:
    /// first trim the other RS to respect the surge cap, give back pods it needs for availability, then trim
    /// the drained RS for whatever is still over the cap.
    /// </summary>
    public static (int Drain, int Adjust) AdjustWithinLimits(
        ReplicaSetState? drainRS, ReplicaSetState? adjustRS, int drainCount, int adjustCount, int maxTotal, int minAvailable)
    {
        var totalAvailable = 0;
        var overTheLimit = Math.Max(0, adjustCount + drainCount - maxTotal);
        if (drainRS is not null)
        {
            totalAvailable += Math.Min(drainRS.AvailableReplicas, drainCount);
        }

        if (adjustRS is not null)
        {
            adjustCount -= overTheLimit;
            totalAvailable += Math.Min(adjustRS.AvailableReplicas, adjustCount);
            var extraAvailable = Math.Max(0, adjustRS.AvailableReplicas - adjustCount);
            var moreNeeded = Math.Max(0, minAvailable - totalAvailable);
            adjustCount += Math.Min(extraAvailable, moreNeeded);
            overTheLimit = Math.Max(0, adjustCount + drainCount - maxTotal);
            drainCount -= overTheLimit;
        }

        return (drainCount, adjustCount);
    }
}
