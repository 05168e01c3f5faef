using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Metadata;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Planning;

/// <summary>
/// Ephemeral metadata (§6.6; Argo <c>rollout/ephemeralmetadata.go:reconcileEphemeralMetadata</c>, step 3 of
/// <c>rolloutCanary</c>): while an update is in flight the new ReplicaSet carries <c>canaryMetadata</c> and the stable
/// one <c>stableMetadata</c>; once fully rolled out (judged from the status this pass started with, so the switch
/// happens the pass after the promotion) the new ReplicaSet carries <c>stableMetadata</c>; every other ReplicaSet
/// carries none. The pod-template hash never sees any of it (§6.2), so changing the metadata never starts an update.
/// </summary>
internal sealed partial class PlanningPass
{
    // Template cleanups of the other ReplicaSets, placed by PlannedActions beside a write the pass makes to them anyway.
    private readonly List<SetReplicaSetEphemeralMetadata> otherReplicaSetCleanups = [];
    private void ReconcileEphemeralMetadata()
    {
        // Deliberately no "neither canaryMetadata nor stableMetadata configured → return" (Argo has it): removing both
        // from the spec then removes what was injected, instead of leaving it on the pods forever. A ReplicaSet with no
        // record and nothing desired costs one dictionary lookup.
        var fullyRolledOut = string.IsNullOrEmpty(Current.StableRS) || Current.StableRS == newRS!.PodTemplateHash;
        SyncEphemeralMetadata(newRS!, fullyRolledOut ? canary.StableMetadata : canary.CanaryMetadata);
        if (!fullyRolledOut && stableRS is not null)
        {
            SyncEphemeralMetadata(stableRS, canary.StableMetadata);
        }

        // Argo cleans the template of every other ReplicaSet at once (not their pods: those are on their way out). Here
        // the cleanup waits for a write the planner makes to that ReplicaSet anyway — after a promotion the old stable's
        // scale-down deadline, then its scale to 0 — and rides on it, so retiring a role costs no request of its own.
        // Nothing depends on it sooner: a template with 0 pods creates nothing, and should the ReplicaSet become the new
        // one again (a rollback), its record still names what to remove. One left at 0 forever keeps the stale labels
        // in its template, with no pod to carry them.
        foreach (var rs in otherRSs)
        {
            if (rs.DeletionTimestamp is null && EphemeralMetadataSync.ForReplicaSet(rs.Template, rs.Annotations, null) is { } sync)
            {
                otherReplicaSetCleanups.Add(new SetReplicaSetEphemeralMetadata(ns, rs.Name, sync.Template, sync.Record));
            }
        }
    }

    /// <summary>
    /// One new/stable ReplicaSet: its pods first, then its template and record (see <see cref="EphemeralMetadataPods"/>
    /// for why in that order and when the pods are listed).
    /// </summary>
    private void SyncEphemeralMetadata(ReplicaSetState rs, PodMetadata? desired)
    {
        if (EphemeralMetadataSync.ForReplicaSet(rs.Template, rs.Annotations, desired) is not { } sync)
        {
            return;
        }

        if (EphemeralMetadataPods.HasPods(rs))
        {
            if (snapshot.Pods is null)
            {
                // Not listed for this pass (a status-only pass chained in memory after the one the pods were listed
                // for): leave the ReplicaSet as it is, so the next reconcile — whose observe step sees it out of date —
                // lists the pods and does both.
                return;
            }

            foreach (var pod in snapshot.Pods)
            {
                if (pod.ReplicaSetName != rs.Name || pod.DeletionTimestamp is not null)
                {
                    continue;
                }

                var change = EphemeralMetadataSync.Diff(pod.Labels, pod.Annotations, sync.Previous, desired);
                if (!change.IsEmpty)
                {
                    actions.Add(new SetPodEphemeralMetadata(ns, pod.Name, change));
                }
            }
        }

        actions.Add(new SetReplicaSetEphemeralMetadata(ns, rs.Name, sync.Template, sync.Record));
    }

    /// <summary>
    /// The pass's actions, each pending cleanup of another ReplicaSet just before the first scale or annotation write
    /// to it (so the operator sends both in one patch); a cleanup with no such write waits for a later pass.
    /// </summary>
    private List<PlanAction> PlannedActions()
    {
        if (otherReplicaSetCleanups.Count == 0)
        {
            return [.. actions];
        }

        var pending = new List<SetReplicaSetEphemeralMetadata>(otherReplicaSetCleanups);
        var result = new List<PlanAction>(actions.Count + pending.Count);
        foreach (var action in actions)
        {
            var written = action switch
            {
                ScaleReplicaSet s => s.Name,
                SetReplicaSetAnnotation a => a.Name,
                _ => null,
            };
            var index = written is null ? -1 : pending.FindIndex(c => c.Name == written);
            if (index >= 0)
            {
                result.Add(pending[index]);
                pending.RemoveAt(index);
            }

            result.Add(action);
        }

        return result;
    }

    /// <summary>
    /// The metadata a ReplicaSet created now starts with (<c>createDesiredReplicaSet</c>): the canary's when a stable
    /// ReplicaSet exists, otherwise the stable's (the very first ReplicaSet will be the stable one).
    /// </summary>
    private PodMetadata? CreationEphemeralMetadata() => stableRS is not null ? canary.CanaryMetadata : canary.StableMetadata;
}
