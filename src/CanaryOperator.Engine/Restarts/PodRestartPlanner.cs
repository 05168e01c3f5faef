using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Restarts;

/// <summary>
/// Which pods a restart evicts this pass (§2.11, <c>rollout/restart.go:Reconcile</c>). Pure: the pods, the ReplicaSets and
/// the numbers in, the decision out.
/// </summary>
/// <remarks>
/// <para>Budget: <c>concurrency = max(maxUnavailable, 1)</c> (a maxUnavailable of 0 must still let one pod go);
/// <c>canRestart = available − (max(spec.replicas, Σ ReplicaSet spec.replicas) − concurrency)</c>, the larger total
/// covering a canary weight that does not divide spec.replicas. Available = Ready for minReadySeconds and not terminating.
/// So with every pod available, <c>concurrency</c> pods go at once, and none while an evicted pod's replacement is not yet
/// available.</para>
/// <para>Order: the stable ReplicaSet's pods, then the new ReplicaSet's, then the others' by ReplicaSet age (Argo's
/// <c>SortReplicaSetsByPriority</c>); within a ReplicaSet the oldest pod first, then by name, so a pass is deterministic.
/// A terminating pod still counts as remaining (it is older than restartAt until it is gone) but is not evicted again.</para>
/// </remarks>
public static class PodRestartPlanner
{
    /// <param name="restartAt">spec.restartAt; pods created at or after it are current.</param>
    /// <param name="pods">The pods of the Rollout's ReplicaSets.</param>
    /// <param name="replicaSets">All the Rollout's ReplicaSets.</param>
    /// <param name="stableRS">Name of the stable ReplicaSet, null when none.</param>
    /// <param name="newRS">Name of the new ReplicaSet, null when none.</param>
    /// <param name="replicas">spec.replicas (nil resolved to 1).</param>
    /// <param name="maxUnavailable">The resolved maxUnavailable of the Rollout.</param>
    /// <param name="minReadySeconds">spec.minReadySeconds.</param>
    /// <param name="now">The time of the pass.</param>
    public static PodRestartDecision Decide(
        DateTimeOffset restartAt,
        IReadOnlyList<PodState> pods,
        IReadOnlyList<ReplicaSetState> replicaSets,
        string? stableRS,
        string? newRS,
        int replicas,
        int maxUnavailable,
        int minReadySeconds,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(replicaSets);
        var rank = replicaSets
            .OrderBy(rs => rs.Name == stableRS ? 0 : rs.Name == newRS ? 1 : 2)
            .ThenBy(rs => rs.CreationTimestamp)
            .ThenBy(rs => rs.Name, StringComparer.Ordinal)
            .Select((rs, i) => (rs.Name, i))
            .ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var ordered = pods.Where(p => rank.ContainsKey(p.ReplicaSetName))
            .OrderBy(p => rank[p.ReplicaSetName])
            .ThenBy(p => p.CreationTimestamp)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

        var total = replicaSets.Sum(rs => rs.SpecReplicas);
        var available = ordered.Count(p => p.IsAvailable(minReadySeconds, now));
        var concurrency = Math.Max(maxUnavailable, 1);
        var canRestart = available - (Math.Max(replicas, total) - concurrency);

        var budget = canRestart;
        var remaining = 0;
        var evict = new List<PodState>();
        foreach (var pod in ordered)
        {
            if (pod.CreationTimestamp >= restartAt)
            {
                continue;
            }

            remaining++;
            if (budget <= 0 || pod.DeletionTimestamp is not null)
            {
                continue;
            }

            evict.Add(pod);
            budget--;
        }

        return new PodRestartDecision(evict, remaining, canRestart);
    }
}
