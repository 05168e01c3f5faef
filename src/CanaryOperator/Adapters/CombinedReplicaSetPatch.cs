using CanaryOperator.Engine.Metadata;
using CanaryOperator.Engine.Planning;

namespace CanaryOperator.Adapters;

/// <summary>
/// Planned writes to ONE ReplicaSet (annotations, at most one scale, ephemeral pod-template metadata) sent as a single
/// merge patch; see <see cref="ReplicaSetPatchCoalescing"/>. A null annotation value removes the annotation; a null
/// <paramref name="Replicas"/> leaves <c>spec.replicas</c> alone; a null <paramref name="Template"/> leaves
/// <c>spec.template</c> alone.
/// </summary>
public sealed record CombinedReplicaSetPatch(
    string Namespace, string Name, IReadOnlyDictionary<string, string?> Annotations, int? Replicas, MetadataChange? Template = null) : PlanAction;
