using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Snapshot;
using CanaryOperator.Engine.Steps;

namespace CanaryOperator.Engine.Replicas;

/// <summary>
/// Target replica counts of the canary (new) and stable ReplicaSets for the current pass
/// (<c>utils/replicaset/canary.go</c>, §3.3–3.7).
/// </summary>
public static class CanaryReplicaMath
{
    /// <inheritdoc cref="TrafficWeightMath.TrafficWeightToReplicas"/>
    public static int TrafficWeightToReplicas(int replicas, int weight, int maxWeight = TrafficWeightMath.DefaultMaxWeight) =>
        TrafficWeightMath.TrafficWeightToReplicas(replicas, weight, maxWeight);

    /// <summary>
    /// <c>CalculateReplicaCountsForBasicCanary</c> (§3.4): one step of convergence toward the approximate
    /// weighted split, bounded by maxSurge (scale-ups, stable first) and maxUnavailable (scale-downs), and
    /// waiting for other ReplicaSets to drain before shrinking new or stable.
    /// </summary>
    public static (int Canary, int Stable) CalculateReplicaCountsForBasicCanary(
        Rollout rollout, ReplicaSetState? newRS, ReplicaSetState? stableRS, IReadOnlyList<ReplicaSetState> otherRSs)
    {
        otherRSs ??= [];
        var specReplicas = DesiredReplicas.Of(rollout);
        var desiredWeight = CanarySteps.CanaryReplicasOrWeight(rollout, newRS, stableRS).Weight;
        var maxSurge = Fenceposts.MaxSurge(rollout);
        var (desiredNew, desiredStable) = ApproximateWeightedCounts.Calculate(
            specReplicas, desiredWeight, TrafficWeightMath.MaxWeight(rollout), maxSurge);

        var newCount = newRS?.SpecReplicas ?? 0;
        var stableCount = 0;
        var scaleStable = CheckStableRSExists(newRS, stableRS);
        if (scaleStable)
        {
            stableCount = stableRS!.SpecReplicas;
        }
        else
        {
            // No distinct stable (first rollout, or stable == new): no steps, the new RS goes to 100 %.
            desiredNew = specReplicas;
            desiredStable = 0;
        }

        var maxTotal = specReplicas + maxSurge;
        var total = SpecSum(otherRSs) + (newRS?.SpecReplicas ?? 0) + (scaleStable ? stableRS!.SpecReplicas : 0);
        var scaleUp = maxTotal - total;

        // Stable gets surge capacity before the canary, so traffic capacity never drops while scaling.
        if (scaleStable && stableRS!.SpecReplicas < desiredStable && scaleUp > 0)
        {
            if (stableRS.SpecReplicas + scaleUp < desiredStable)
            {
                stableCount = stableRS.SpecReplicas + scaleUp;
                scaleUp = 0;
            }
            else
            {
                stableCount = desiredStable;
                scaleUp -= desiredStable - stableRS.SpecReplicas;
            }
        }

        if (newRS is not null && newRS.SpecReplicas < desiredNew && scaleUp > 0)
        {
            newCount = newRS.SpecReplicas + scaleUp < desiredNew ? newRS.SpecReplicas + scaleUp : desiredNew;
        }

        if (SpecSum(otherRSs) > 0)
        {
            // Older ReplicaSets are scaled down first (§3.10) before new or stable shrink.
            return (newCount, stableCount);
        }

        var minAvailable = specReplicas - Fenceposts.MaxUnavailable(rollout);

        // Increasing canary: stable pods may be counted by spec (ignore their availability); decreasing
        // (abort / lower weight): the canary's may. Note Go counts a stable that IS the new RS twice here.
        var isIncreasing = newRS is null || desiredNew >= newRS.SpecReplicas;
        var replicasToScaleDown = ReplicaAvailability.GetReplicasForScaleDown(newRS, !isIncreasing)
            + ReplicaAvailability.GetReplicasForScaleDown(stableRS, isIncreasing);
        if (replicasToScaleDown <= minAvailable)
        {
            return (newCount, stableCount);
        }

        var scaleDown = replicasToScaleDown - minAvailable;
        if (!isIncreasing)
        {
            newCount = BasicCanaryScaleDown.DrainTowardDesired(newRS, desiredNew, scaleDown, newCount);
            (newCount, stableCount) = BasicCanaryScaleDown.AdjustWithinLimits(newRS, stableRS, newCount, stableCount, maxTotal, minAvailable);
        }
        else if (scaleStable)
        {
            stableCount = BasicCanaryScaleDown.DrainTowardDesired(stableRS, desiredStable, scaleDown, stableCount);
            (stableCount, newCount) = BasicCanaryScaleDown.AdjustWithinLimits(stableRS, newRS, stableCount, newCount, maxTotal, minAvailable);
        }

        return (newCount, stableCount);
    }

    /// <summary>
    /// <c>CalculateReplicaCountsForTrafficRoutedCanary</c> without ReplicaSet knowledge (the abort walk-back of
    /// dynamicStableScale needs the RSs; see the other overload).
    /// </summary>
    public static (int Canary, int Stable) CalculateReplicaCountsForTrafficRoutedCanary(Rollout rollout, TrafficWeights? currentWeights) =>
        CalculateReplicaCountsForTrafficRoutedCanary(rollout, null, null, currentWeights);

    /// <summary>
    /// <c>CalculateReplicaCountsForTrafficRoutedCanary</c> (§3.5–3.7): canary = explicit setCanaryScale
    /// replicas, else ceil(W·R/M) raised to minPodsPerReplicaSet; stable = R unless dynamicStableScale, where
    /// stable = max(ceil((M−W)·R/M), ceil(recordedStable·R/M)) — it shrinks only after traffic moved away —
    /// and, while aborting, the canary keeps the pods its recorded weight still needs.
    /// </summary>
    public static (int Canary, int Stable) CalculateReplicaCountsForTrafficRoutedCanary(
        Rollout rollout, ReplicaSetState? newRS, ReplicaSetState? stableRS, TrafficWeights? currentWeights)
    {
        var specReplicas = DesiredReplicas.Of(rollout);
        var maxWeight = TrafficWeightMath.MaxWeight(rollout);
        var (explicitReplicas, desiredWeight) = CanarySteps.CanaryReplicasOrWeight(rollout, newRS, stableRS);
        var canary = explicitReplicas
            ?? CheckMinPodsPerReplicaSet(rollout, TrafficWeightMath.TrafficWeightToReplicas(specReplicas, desiredWeight, maxWeight));

        if (rollout.Spec.Strategy.Canary?.DynamicStableScale != true)
        {
            return (canary, specReplicas);
        }

        var stable = TrafficWeightMath.TrafficWeightToReplicas(specReplicas, maxWeight - desiredWeight, maxWeight);
        if (currentWeights is not null)
        {
            stable = Math.Max(stable, TrafficWeightMath.TrafficWeightToReplicas(specReplicas, currentWeights.Stable.Weight, maxWeight));
            if (rollout.Status?.Abort == true)
            {
                // Never drain canary pods that still receive traffic.
                canary = Math.Max(TrafficWeightMath.TrafficWeightToReplicas(specReplicas, currentWeights.Canary.Weight, maxWeight), canary);
            }
        }

        return (CheckMinPodsPerReplicaSet(rollout, canary), CheckMinPodsPerReplicaSet(rollout, stable));
    }

    /// <summary>
    /// <c>CheckMinPodsPerReplicaSet</c> (§3.7, traffic-routed only): a non-zero count is raised to
    /// min(minPodsPerReplicaSet, spec.replicas).
    /// </summary>
    public static int CheckMinPodsPerReplicaSet(Rollout rollout, int count)
    {
        var canary = rollout.Spec.Strategy.Canary;
        if (count == 0 || canary?.MinPodsPerReplicaSet is not { } minPods || canary.TrafficRouting is null)
        {
            return count;
        }

        return Math.Max(count, Math.Min(minPods, DesiredReplicas.Of(rollout)));
    }

    /// <summary><c>CheckStableRSExists</c>: a stable RS exists and is not the new RS (compared by name).</summary>
    public static bool CheckStableRSExists(ReplicaSetState? newRS, ReplicaSetState? stableRS) =>
        stableRS is not null && (newRS is null || newRS.Name != stableRS.Name);

    private static int SpecSum(IEnumerable<ReplicaSetState?> replicaSets) => replicaSets.Sum(rs => rs?.SpecReplicas ?? 0);
}
