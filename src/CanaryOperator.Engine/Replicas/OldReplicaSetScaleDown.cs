using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Replicas;

/// <summary>
/// Pure arithmetic of scaling down "other" ReplicaSets (<c>rollout/canary.go:scaleDownOldReplicaSetsForCanary</c>,
/// <c>cleanupUnhealthyReplicas</c>; §3.10). Deciding WHICH RS may be touched (references, scale-down deadlines)
/// belongs to the planner; these functions only share out the budget.
/// </summary>
public static class OldReplicaSetScaleDown
{
    /// <summary>maxScaleDown = Σ available(all RSs) − (R − maxUnavailable); nothing may be removed when ≤ 0.</summary>
    public static int MaxScaleDown(Rollout rollout, IEnumerable<ReplicaSetState?> allRSs)
    {
        var available = allRSs.Sum(rs => rs?.AvailableReplicas ?? 0);
        var minAvailable = DesiredReplicas.Of(rollout) - Fenceposts.MaxUnavailable(rollout);
        return available - minAvailable;
    }

    /// <summary>Newest first: higher revision first, then newer creation time (Argo sorts by revision, reversed).</summary>
    public static IReadOnlyList<ReplicaSetState> NewestFirst(IEnumerable<ReplicaSetState> replicaSets) =>
        [.. replicaSets.OrderByDescending(rs => rs.Revision).ThenByDescending(rs => rs.CreationTimestamp).ThenBy(rs => rs.Name, StringComparer.Ordinal)];

    /// <summary>
    /// <c>rollout/replicaset.go:cleanupUnhealthyReplicas</c>, run before the budgeted scale-down: every old RS
    /// (oldest first) with spec &gt; available is cut to its available count — its unready pods serve nothing,
    /// and leaving them would block the rollout (kubernetes#16737). No budget applies. An RS reporting more
    /// available pods than spec is left alone (Go returns an error there). Returns the new spec per changed RS
    /// name and the pods removed in total.
    /// </summary>
    public static (IReadOnlyDictionary<string, int> NewSpecs, int ScaledDown) TrimUnhealthy(IEnumerable<ReplicaSetState> oldRSs)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var rs in oldRSs.OrderBy(r => r.CreationTimestamp).ThenBy(r => r.Name, StringComparer.Ordinal))
        {
            if (rs.SpecReplicas == 0 || rs.SpecReplicas <= rs.AvailableReplicas)
            {
                continue;
            }

            result[rs.Name] = rs.AvailableReplicas;
            total += rs.SpecReplicas - rs.AvailableReplicas;
        }

        return (result, total);
    }

    /// <summary>
    /// Basic canary: every other RS must go (its pods would take traffic), newest first, within the budget —
    /// an RS bigger than the remaining budget keeps the rest. Returns the target spec per RS name (unchanged
    /// ones included) and the budget left.
    /// </summary>
    public static (IReadOnlyDictionary<string, int> Targets, int BudgetLeft) BasicCanaryTargets(IEnumerable<ReplicaSetState> oldRSs, int maxScaleDown)
    {
        var targets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rs in NewestFirst(oldRSs))
        {
            if (maxScaleDown <= 0)
            {
                targets[rs.Name] = rs.SpecReplicas;
                continue;
            }

            var target = rs.SpecReplicas > maxScaleDown ? rs.SpecReplicas - maxScaleDown : 0;
            maxScaleDown -= rs.SpecReplicas - target;
            targets[rs.Name] = target;
        }

        return (targets, Math.Max(0, maxScaleDown));
    }
}
