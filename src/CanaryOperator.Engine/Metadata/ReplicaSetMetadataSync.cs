namespace CanaryOperator.Engine.Metadata;

/// <summary>
/// What one ReplicaSet needs so its pod template carries exactly the ephemeral metadata of its current role:
/// <paramref name="Template"/> for <c>spec.template.metadata</c>, and the new value of the
/// <c>rollout.argoproj.io/ephemeral-metadata</c> annotation (<paramref name="Record"/>, null = remove it).
/// <paramref name="Previous"/> is what the ReplicaSet recorded before (its pods may still carry it).
/// </summary>
public sealed record ReplicaSetMetadataSync(MetadataChange Template, string? Record, Api.Rollouts.PodMetadata? Previous);
