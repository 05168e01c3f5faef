using k8s.Models;

namespace CanaryOperator.Engine.Planning;

/// <summary>
/// One write the operator performs, in plan order, through a thin adapter. Each action carries everything the
/// adapter needs; adapters never re-decide. The operator stops at the first failing action (and then writes
/// no status; the key is requeued with rate limiting).
/// </summary>
public abstract record PlanAction;

/// <summary>Create this ReplicaSet exactly as given (name, labels, annotations, ownerReference, 0 replicas).</summary>
public sealed record CreateReplicaSet(V1ReplicaSet ReplicaSet) : PlanAction;

/// <summary>
/// Set <c>spec.replicas</c> of an owned ReplicaSet and its <c>rollout.argoproj.io/desired-replicas</c> annotation
/// in one write; when <paramref name="RemoveScaleDownDeadline"/> also drop the <c>scale-down-deadline</c> annotation.
/// </summary>
public sealed record ScaleReplicaSet(string Namespace, string Name, int Replicas, string DesiredReplicasAnnotation, bool RemoveScaleDownDeadline) : PlanAction;

/// <summary>Set (or with a null <paramref name="Value"/>, remove) one annotation of an owned ReplicaSet.</summary>
public sealed record SetReplicaSetAnnotation(string Namespace, string Name, string Key, string? Value) : PlanAction;

/// <summary>Delete an owned ReplicaSet (revision-history pruning).</summary>
public sealed record DeleteReplicaSet(string Namespace, string Name) : PlanAction;

/// <summary>
/// Apply this RFC 6902 JSON Patch (text, a JSON array; it <c>test</c>s every value it replaces so a concurrent edit
/// makes it fail) to the DestinationRule.
/// </summary>
public sealed record UpdateDestinationRule(string Namespace, string Name, string JsonPatch) : PlanAction;

/// <summary>Apply this RFC 6902 JSON Patch (text; <c>test</c>s before <c>replace</c>) to the VirtualService.</summary>
public sealed record UpdateVirtualService(string Namespace, string Name, string JsonPatch) : PlanAction;

/// <summary>Set <c>spec.replicas</c> of the Deployment named by <c>workloadRef</c> (<c>scaleDown</c> modes).</summary>
public sealed record ScaleDeployment(string Namespace, string Name, int Replicas) : PlanAction;

/// <summary>
/// Set <c>spec.selector["rollouts-pod-template-hash"] = Hash</c> on the Service and, when
/// <paramref name="ManagedByAnnotation"/> is non-null, annotation <c>argo-rollouts.argoproj.io/managed-by-rollouts</c> to it.
/// </summary>
public sealed record SetServiceSelector(string Namespace, string Name, string Hash, string? ManagedByAnnotation) : PlanAction;

/// <summary>Update the Rollout's <c>spec.replicas</c> (main resource) — written as 1 when absent (§0.1.6), for the HPA.</summary>
public sealed record SetRolloutReplicas(string Namespace, string Name, int Replicas) : PlanAction;

/// <summary>Set annotation <c>rollout.argoproj.io/revision</c> on the Rollout (main resource).</summary>
public sealed record SetRolloutRevisionAnnotation(string Namespace, string Name, string Revision) : PlanAction;

/// <summary>
/// Ephemeral metadata (§6.6) of an owned ReplicaSet, in one write: set (or, null, remove) these
/// <c>spec.template.metadata</c> labels/annotations and set (or, null, remove) the
/// <c>rollout.argoproj.io/ephemeral-metadata</c> record of what is now injected.
/// </summary>
public sealed record SetReplicaSetEphemeralMetadata(string Namespace, string Name, Metadata.MetadataChange Template, string? Record) : PlanAction;

/// <summary>
/// Ephemeral metadata (§6.6) of one pod of an owned ReplicaSet: set (or, null, remove) these labels/annotations. Pods
/// carry the metadata they were created with; this brings existing ones along when their ReplicaSet's role changes.
/// </summary>
public sealed record SetPodEphemeralMetadata(string Namespace, string Name, Metadata.MetadataChange Metadata) : PlanAction;

/// <summary>
/// Evict this pod through the Eviction API (a restart, §2.11): a PodDisruptionBudget may refuse it (429), which is not a
/// failure — the pod stays and a later pass tries again; a pod already gone is success.
/// </summary>
public sealed record EvictPod(string Namespace, string Name) : PlanAction;
