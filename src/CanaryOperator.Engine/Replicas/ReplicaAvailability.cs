using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Replicas;

/// <summary>Availability predicates over ReplicaSets (<c>utils/replicaset</c>, <c>rollout/trafficrouting.go</c>; §3.4.7, §3.8, §4.2a).</summary>
public static class ReplicaAvailability
{
    /// <summary><c>replicaProgressThreshold.type</c> values.</summary>
    public const string ThresholdPercent = "Percent";

    /// <inheritdoc cref="ThresholdPercent"/>
    public const string ThresholdPods = "Pods";

    /// <summary><c>allDesiredAreAvailable</c>: spec == desired == available.</summary>
    public static bool AllDesiredAreAvailable(ReplicaSetState? rs, int desired) =>
        rs is not null && desired == rs.SpecReplicas && desired == rs.AvailableReplicas;

    /// <summary><c>allDesiredAreCreated</c>: spec == desired == status.replicas.</summary>
    public static bool AllDesiredAreCreated(ReplicaSetState? rs, int desired) =>
        rs is not null && desired == rs.SpecReplicas && desired == rs.StatusReplicas;

    /// <summary>
    /// <c>AtDesiredReplicaCountsForCanary</c> (step completion, §3.4.7): the new RS has all its target pods
    /// available; the stable RS has exactly its target created (not checked with dynamicStableScale); for a
    /// basic canary no other RS has available pods (they would serve traffic).
    /// </summary>
    public static bool AtDesiredReplicaCountsForCanary(
        Rollout rollout, ReplicaSetState? newRS, ReplicaSetState? stableRS, IReadOnlyList<ReplicaSetState> otherRSs, TrafficWeights? weights)
    {
        otherRSs ??= [];
        var canary = rollout.Spec.Strategy.Canary;
        var trafficRouted = canary?.TrafficRouting is not null;
        var (desiredNew, desiredStable) = trafficRouted
            ? CanaryReplicaMath.CalculateReplicaCountsForTrafficRoutedCanary(rollout, newRS, stableRS, weights)
            : CanaryReplicaMath.CalculateReplicaCountsForBasicCanary(rollout, newRS, stableRS, otherRSs);

        if (!AllDesiredAreAvailable(newRS, desiredNew))
        {
            return false;
        }

        if ((!trafficRouted || canary!.DynamicStableScale != true) && !AllDesiredAreCreated(stableRS, desiredStable))
        {
            return false;
        }

        return trafficRouted || otherRSs.Sum(rs => rs.AvailableReplicas) == 0;
    }

    /// <summary>
    /// <c>GetReplicasForScaleDown</c>: how many pods of an RS count toward availability when deciding a
    /// scale-down — spec when spec &lt; available (extra pods are going away anyway) or when availability may be
    /// ignored (so a crash-looping RS can still be shrunk), else available.
    /// </summary>
    public static int GetReplicasForScaleDown(ReplicaSetState? rs, bool ignoreAvailability)
    {
        if (rs is null)
        {
            return 0;
        }

        return rs.SpecReplicas < rs.AvailableReplicas || ignoreAvailability ? rs.SpecReplicas : rs.AvailableReplicas;
    }

    /// <summary><c>IsReplicaSetAvailable</c>: scaled up (spec &gt; 0) and available ≥ spec; scaled-to-zero is NOT available.</summary>
    public static bool IsReplicaSetAvailable(ReplicaSetState? rs) =>
        rs is not null && rs.SpecReplicas != 0 && rs.AvailableReplicas != 0 && rs.SpecReplicas <= rs.AvailableReplicas;

    /// <summary><c>IsReplicaSetPartiallyAvailable</c>: at least one pod available.</summary>
    public static bool IsReplicaSetPartiallyAvailable(ReplicaSetState? rs) => rs is not null && rs.AvailableReplicas > 0;

    /// <summary>
    /// <c>ReplicaProgressThresholdMet</c> (§3.8): nil or negative threshold → all desired available;
    /// <c>Percent</c> → available/desired·100 ≥ value (always true for desired 0); <c>Pods</c> → available ≥ value.
    /// The percentage is compared exactly in integers (available·100 ≥ value·desired); unknown types fall
    /// back to "all desired available".
    /// </summary>
    public static bool ReplicaProgressThresholdMet(ReplicaProgressThreshold? threshold, ReplicaSetState? rs, int desired)
    {
        if (rs is null)
        {
            return false;
        }

        if (threshold is null || threshold.Value < 0)
        {
            return AllDesiredAreAvailable(rs, desired);
        }

        return threshold.Type switch
        {
            ThresholdPercent => desired == 0 || (long)rs.AvailableReplicas * 100 >= (long)threshold.Value * desired,
            ThresholdPods => rs.AvailableReplicas >= threshold.Value,
            _ => AllDesiredAreAvailable(rs, desired),
        };
    }

    /// <summary>
    /// <c>rollout/trafficrouting.go:checkReplicasAvailable</c> (§4.2a): may traffic of
    /// <paramref name="weight"/> go to <paramref name="rs"/>? Needs available ≥ weight·R/maxWeight using
    /// INTEGER floor division (unlike sizing, which rounds up), or the rollout's replicaProgressThreshold met
    /// for that many pods. A missing RS is never available.
    /// </summary>
    public static bool CheckReplicasAvailable(Rollout rollout, ReplicaSetState? rs, int weight) =>
        CheckReplicasAvailable(
            DesiredReplicas.Of(rollout), TrafficWeightMath.MaxWeight(rollout), rollout.Spec.Strategy.Canary?.ReplicaProgressThreshold, rs, weight);

    /// <inheritdoc cref="CheckReplicasAvailable(Rollout, ReplicaSetState?, int)"/>
    public static bool CheckReplicasAvailable(int specReplicas, int maxWeight, ReplicaProgressThreshold? threshold, ReplicaSetState? rs, int weight)
    {
        if (rs is null)
        {
            return false;
        }

        var desired = maxWeight == 0 ? 0 : (int)((long)weight * specReplicas / maxWeight);
        return rs.AvailableReplicas >= desired || ReplicaProgressThresholdMet(threshold, rs, desired);
    }
}
