using System.Globalization;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Snapshot;
using k8s.Models;

namespace CanaryOperator.Observe;

/// <summary>Turns a cached <see cref="V1ReplicaSet"/> into the engine's <see cref="ReplicaSetState"/>.</summary>
public static class ReplicaSetStates
{
    public static ReplicaSetState From(V1ReplicaSet rs)
    {
        var meta = rs.Metadata;
        var labels = new Dictionary<string, string>(meta.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var annotations = new Dictionary<string, string>(meta.Annotations ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        return new ReplicaSetState
        {
            Name = meta.Name,
            Uid = meta.Uid ?? "",
            PodTemplateHash = labels.TryGetValue(RolloutLabels.PodTemplateHash, out var hash) ? hash : "",
            // A nil spec.replicas means 1 (the API default).
            SpecReplicas = rs.Spec?.Replicas ?? 1,
            StatusReplicas = rs.Status?.Replicas ?? 0,
            ReadyReplicas = rs.Status?.ReadyReplicas ?? 0,
            AvailableReplicas = rs.Status?.AvailableReplicas ?? 0,
            Revision = annotations.TryGetValue(RolloutAnnotations.Revision, out var revision)
                && long.TryParse(revision, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0,
            Generation = meta.Generation ?? 0,
            ObservedGeneration = rs.Status?.ObservedGeneration ?? 0,
            CreationTimestamp = meta.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : default,
            DeletionTimestamp = meta.DeletionTimestamp is { } deleted ? new DateTimeOffset(DateTime.SpecifyKind(deleted, DateTimeKind.Utc)) : null,
            Annotations = annotations,
            Labels = labels,
            Template = rs.Spec?.Template,
            MinReadySeconds = rs.Spec?.MinReadySeconds ?? 0,
            ReplicaFailure = rs.Status?.Conditions?.FirstOrDefault(c => c.Type == RolloutConditionTypes.ReplicaFailure),
        };
    }
}
