using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Metadata;

/// <summary>
/// When a pass needs the pods to carry ephemeral metadata over (§6.6): pods are not cached, so listing them is an API
/// call, and a Rollout whose metadata is in place must make none. The rule, level-based and cheap: pods are listed in a
/// pass where the new or the stable ReplicaSet, holding pods, does not yet carry the metadata of its role — its
/// template or its <c>ephemeral-metadata</c> record differs. That pass patches the pods FIRST and the ReplicaSet last,
/// so the record changes only once every listed pod carries the metadata: a failed pod patch or a crash in between
/// leaves the ReplicaSet out of date, and the next pass lists and patches again (pods already done are skipped).
/// The one gap: a pod the ReplicaSet creates from its old template between the list and the ReplicaSet patch (the
/// same request cycle) keeps the old metadata until the ReplicaSet's next role change.
/// </summary>
public static class EphemeralMetadataPods
{
    /// <summary>
    /// True when some new/stable ReplicaSet with pods needs its ephemeral metadata changed. Roles are read from the
    /// status (<c>currentPodHash</c> is the new ReplicaSet in every pass that reconciles ephemeral metadata).
    /// </summary>
    public static bool Needed(ClusterSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var status = snapshot.Rollout.Status;
        var canary = snapshot.Rollout.Spec.Strategy.Canary;
        if (string.IsNullOrEmpty(status?.CurrentPodHash) || canary is null)
        {
            return false;
        }

        var fullyRolledOut = string.IsNullOrEmpty(status.StableRS) || status.StableRS == status.CurrentPodHash;
        foreach (var rs in snapshot.ReplicaSets)
        {
            if (rs.DeletionTimestamp is not null || !HasPods(rs))
            {
                continue;
            }

            PodMetadata? desired;
            if (rs.PodTemplateHash == status.CurrentPodHash)
            {
                desired = fullyRolledOut ? canary.StableMetadata : canary.CanaryMetadata;
            }
            else if (rs.PodTemplateHash == status.StableRS)
            {
                desired = canary.StableMetadata;
            }
            else
            {
                continue; // the others get only their template cleaned (their pods are on their way out)
            }

            if (EphemeralMetadataSync.ForReplicaSet(rs.Template, rs.Annotations, desired) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A ReplicaSet that wants or still has pods (a 0-replica one may still hold terminating ones).</summary>
    public static bool HasPods(ReplicaSetState rs) => rs.SpecReplicas > 0 || rs.StatusReplicas > 0;
}
