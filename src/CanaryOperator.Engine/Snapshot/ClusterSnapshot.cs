using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Hashing;

namespace CanaryOperator.Engine.Snapshot;

/// <summary>
/// Everything one planning pass may look at, read from the informer caches by the operator's observe step
/// (tests build it by hand). Immutable and I/O-free; <see cref="Now"/> is the only clock the planner sees.
/// </summary>
public sealed record ClusterSnapshot
{
    /// <summary>The Rollout as read from the cache (metadata, spec, status).</summary>
    public required Rollout Rollout { get; init; }

    /// <summary>The time of this pass. The planner never reads a clock.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>
    /// ReplicaSets OWNED by the Rollout (controller ownerReference → this Rollout). The planner only ever scales,
    /// annotates or deletes ReplicaSets of this list.
    /// </summary>
    public IReadOnlyList<ReplicaSetState> ReplicaSets { get; init; } = [];

    /// <summary>
    /// The Deployment named by <c>spec.workloadRef</c> (apps/v1, Rollout's namespace); null when there is no
    /// workloadRef or the Deployment was not found in the cache.
    /// </summary>
    public DeploymentState? ReferencedDeployment { get; init; }

    /// <summary>VirtualServices referenced by the Rollout, keyed by <see cref="Key"/>(namespace, name). Absent = not found.</summary>
    public IReadOnlyDictionary<string, VirtualService> VirtualServices { get; init; } = new Dictionary<string, VirtualService>();

    /// <summary>The referenced DestinationRule (Rollout's namespace); null = none configured or not found.</summary>
    public DestinationRule? DestinationRule { get; init; }

    /// <summary>The canary / stable / ping / pong Services referenced by the Rollout, keyed by name (Rollout's namespace). Absent = not found.</summary>
    public IReadOnlyDictionary<string, ServiceState> Services { get; init; } = new Dictionary<string, ServiceState>();

    /// <summary>
    /// The pods of <see cref="ReplicaSets"/> (controller ownerReference), listed by the Rollout's selector — only when
    /// <see cref="PodObservation.Needed(ClusterSnapshot)"/> says this pass needs them; null = not listed (never an empty stand-in).
    /// </summary>
    public IReadOnlyList<PodState>? Pods { get; init; }

    /// <summary>
    /// Remembers pod-template and steps hashes across passes; set only when every object in the snapshot is an instance
    /// that is never edited in place (the operator's informer caches). Null = every pass hashes afresh.
    /// </summary>
    public SpecHashMemo? Hashes { get; init; }

    /// <summary>The Rollout's namespace (<c>metadata.namespace</c>, "default" when empty).</summary>
    public string Namespace => string.IsNullOrEmpty(Rollout.Metadata.NamespaceProperty) ? "default" : Rollout.Metadata.NamespaceProperty;

    /// <summary>The dictionary key of a namespaced object: <c>namespace/name</c>.</summary>
    public static string Key(string @namespace, string name) => $"{@namespace}/{name}";

    /// <summary>The VirtualService at namespace/name, or null when it is not in the snapshot.</summary>
    public VirtualService? FindVirtualService(string @namespace, string name) =>
        VirtualServices.TryGetValue(Key(@namespace, name), out var vs) ? vs : null;

    /// <summary>The Service of that name, or null.</summary>
    public ServiceState? FindService(string? name) =>
        name is not null && Services.TryGetValue(name, out var svc) ? svc : null;

    /// <summary>The pod template and selector the Rollout runs, resolved from <c>spec.template</c> or <c>workloadRef</c>.</summary>
    public ResolvedWorkload ResolveWorkload() => WorkloadResolver.Resolve(Rollout, ReferencedDeployment);
}
