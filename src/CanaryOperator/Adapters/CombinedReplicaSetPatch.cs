using CanaryOperator.Engine.Planning;

namespace CanaryOperator.Adapters;

/// <summary>
/// Adjacent planned writes to ONE ReplicaSet (annotations and at most one scale) sent as a single merge patch; see
/// <see cref="ReplicaSetPatchCoalescing"/>. A null annotation value removes the annotation; a null
/// <paramref name="Replicas"/> leaves <c>spec.replicas</c> alone.
/// </summary>
public sealed record CombinedReplicaSetPatch(string Namespace, string Name, IReadOnlyDictionary<string, string?> Annotations, int? Replicas) : PlanAction;
