namespace CanaryOperator.Engine.Snapshot;

/// <summary>
/// What the engine knows about one pod of a Rollout's ReplicaSets. Pods are not cached (10,000 Rollouts would mean
/// hundreds of thousands of them); the observe step lists them only when a pass needs them
/// (<see cref="PodObservation.Needed(ClusterSnapshot)"/>), so a snapshot holds them only then.
/// </summary>
public sealed record PodState
{
    public required string Name { get; init; }

    /// <summary>The ReplicaSet named by the pod's controller ownerReference (one of the snapshot's ReplicaSets).</summary>
    public required string ReplicaSetName { get; init; }

    /// <summary>The pod's <c>rollouts-pod-template-hash</c> label, "" when absent.</summary>
    public string PodTemplateHash { get; init; } = "";

    public DateTimeOffset CreationTimestamp { get; init; }

    /// <summary>Set once the pod is terminating (it still counts as present until it is gone).</summary>
    public DateTimeOffset? DeletionTimestamp { get; init; }

    /// <summary>The <c>Ready</c> condition is True.</summary>
    public bool Ready { get; init; }

    /// <summary>The <c>Ready</c> condition's lastTransitionTime (availability adds minReadySeconds to it).</summary>
    public DateTimeOffset? ReadySince { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// <c>podutil.IsPodAvailable</c> plus Argo's "not terminating": Ready, for at least <paramref name="minReadySeconds"/>
    /// (a missing transition time counts as not yet long enough unless minReadySeconds is 0).
    /// </summary>
    public bool IsAvailable(int minReadySeconds, DateTimeOffset now)
    {
        if (!Ready || DeletionTimestamp is not null)
        {
            return false;
        }

        if (minReadySeconds <= 0)
        {
            return true;
        }

        return ReadySince is { } since && since.AddSeconds(minReadySeconds) <= now;
    }
}
