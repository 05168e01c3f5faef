using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Snapshot;
using k8s.Models;

namespace CanaryOperator.Observe;

/// <summary>Turns a listed <see cref="V1Pod"/> into the engine's <see cref="PodState"/>.</summary>
public static class PodStates
{
    /// <summary>
    /// The pod's state when its controller ownerReference is one of <paramref name="replicaSetsByUid"/> (uid → name),
    /// else null: a pod that only matches the selector belongs to someone else.
    /// </summary>
    public static PodState? From(V1Pod pod, IReadOnlyDictionary<string, string> replicaSetsByUid)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(replicaSetsByUid);
        var meta = pod.Metadata;
        var owner = meta?.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == "ReplicaSet");
        if (meta is null || owner is null || !replicaSetsByUid.TryGetValue(owner.Uid ?? "", out var replicaSet))
        {
            return null;
        }

        var labels = new Dictionary<string, string>(meta.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var ready = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        return new PodState
        {
            Name = meta.Name,
            ReplicaSetName = replicaSet,
            PodTemplateHash = labels.TryGetValue(RolloutLabels.PodTemplateHash, out var hash) ? hash : "",
            CreationTimestamp = Utc(meta.CreationTimestamp) ?? default,
            DeletionTimestamp = Utc(meta.DeletionTimestamp),
            Ready = ready?.Status == "True",
            ReadySince = Utc(ready?.LastTransitionTime),
            Labels = labels,
            Annotations = new Dictionary<string, string>(meta.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal),
        };
    }

    private static DateTimeOffset? Utc(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
