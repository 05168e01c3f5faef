namespace CanaryOperator.Adapters;

/// <summary>
/// What a write left in the cluster: the object's kind, key and the resourceVersion the server returned
/// (null after a delete). The controller waits until its caches have caught up with these before it plans again,
/// so it never plans from a cache that predates its own writes.
/// </summary>
public sealed record WrittenObject(string Kind, string Namespace, string Name, string? ResourceVersion)
{
    public const string ReplicaSet = "ReplicaSet";
    public const string Rollout = "Rollout";
    public const string VirtualService = "VirtualService";
    public const string DestinationRule = "DestinationRule";
    public const string Deployment = "Deployment";
    public const string Service = "Service";
}
