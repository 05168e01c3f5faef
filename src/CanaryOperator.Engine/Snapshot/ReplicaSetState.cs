using k8s.Models;

namespace CanaryOperator.Engine.Snapshot;

/// <summary>
/// What the engine needs to know about one ReplicaSet owned by a Rollout: an immutable, I/O-free view
/// of the cluster object (the operator builds it from the informer cache; tests build it by hand).
/// </summary>
public sealed record ReplicaSetState
{
    public required string Name { get; init; }

    /// <summary><c>metadata.uid</c> ("" when unknown): the pods' ownerReferences name their ReplicaSet by it.</summary>
    public string Uid { get; init; } = "";

    /// <summary>The <c>rollouts-pod-template-hash</c> label value.</summary>
    public required string PodTemplateHash { get; init; }

    /// <summary><c>spec.replicas</c> (nil in the API is 1; callers resolve it).</summary>
    public int SpecReplicas { get; init; }

    /// <summary><c>status.replicas</c>.</summary>
    public int StatusReplicas { get; init; }

    public int ReadyReplicas { get; init; }

    public int AvailableReplicas { get; init; }

    /// <summary>The <c>rollout.argoproj.io/revision</c> annotation, 0 when absent.</summary>
    public long Revision { get; init; }

    public long Generation { get; init; }

    public long ObservedGeneration { get; init; }

    public DateTimeOffset CreationTimestamp { get; init; }

    public DateTimeOffset? DeletionTimestamp { get; init; }

    /// <summary>Annotations of the ReplicaSet (desired-replicas, scale-down-deadline, ...).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>Labels of the ReplicaSet.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// The ReplicaSet's pod template (<c>spec.template</c>), used to recognise the new ReplicaSet when its hash label
    /// was computed by another algorithm (<c>FindNewReplicaSet</c> falls back to template equality). Optional.
    /// </summary>
    public V1PodTemplateSpec? Template { get; init; }

    /// <summary><c>spec.minReadySeconds</c>.</summary>
    public int MinReadySeconds { get; init; }

    /// <summary>
    /// The <c>ReplicaFailure</c> entry of <c>status.conditions</c> (the ReplicaSet controller sets it when it cannot
    /// create or delete pods, e.g. a quota or admission denial), null when absent. The Rollout mirrors it (§8.3).
    /// </summary>
    public V1ReplicaSetCondition? ReplicaFailure { get; init; }
}
