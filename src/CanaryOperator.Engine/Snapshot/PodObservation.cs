using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Metadata;
using CanaryOperator.Engine.Restarts;

namespace CanaryOperator.Engine.Snapshot;

/// <summary>
/// When the observe step must list a Rollout's pods into <see cref="ClusterSnapshot.Pods"/>: pods are not in an
/// informer, so every listing is one API call, and a steady-state reconcile must make none. The observe step and the
/// planner both ask this one predicate, so a pass that needs pods always has them. A feature that needs pods adds its
/// condition here (e.g. pod metadata that has to follow the Rollout), nowhere else.
/// </summary>
public static class PodObservation
{
    /// <summary>True when this pass needs the pods of the Rollout's ReplicaSets.</summary>
    public static bool Needed(Rollout rollout, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        return RestartSchedule.IsDue(rollout, now);
    }

    /// <summary>
    /// True when this pass needs the pods: a restart is due, or ephemeral metadata has to be carried over to the pods
    /// of the new or stable ReplicaSet (<see cref="EphemeralMetadataPods.Needed"/>).
    /// </summary>
    public static bool Needed(ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Needed(snapshot.Rollout, snapshot.Now) || EphemeralMetadataPods.Needed(snapshot);
    }
}
