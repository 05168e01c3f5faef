using k8s.Models;

namespace CanaryOperator.Engine.Snapshot;

/// <summary>
/// The pod template and selector a Rollout runs, or why they cannot be resolved.
/// <see cref="Error"/> is a Kubernetes field error text (e.g. <c>spec.workloadRef: ...</c>) and makes the spec invalid.
/// </summary>
public sealed record ResolvedWorkload(V1PodTemplateSpec? Template, V1LabelSelector? Selector, string? Error, long? WorkloadGeneration);
