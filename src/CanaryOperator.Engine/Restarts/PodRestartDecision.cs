using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Restarts;

/// <summary>What one pass of <see cref="PodRestartPlanner"/> decided.</summary>
/// <param name="Evict">The pods to evict now, in order (stable ReplicaSet's first).</param>
/// <param name="Remaining">Pods created before restartAt that are still there, evicted now or not.</param>
/// <param name="CanRestart">The disruption budget of this pass before any eviction (Argo's <c>canRestart</c>); may be negative.</param>
public sealed record PodRestartDecision(IReadOnlyList<PodState> Evict, int Remaining, int CanRestart)
{
    /// <summary>No pod older than restartAt is left: <c>status.restartedAt = spec.restartAt</c>.</summary>
    public bool Done => Remaining == 0;
}
