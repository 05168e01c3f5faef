using k8s.Models;

namespace CanaryOperator.Engine.Snapshot;

/// <summary>The engine's view of the Deployment referenced by <c>spec.workloadRef</c>.</summary>
public sealed record DeploymentState
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary><c>metadata.generation</c>; mirrored into <c>status.workloadObservedGeneration</c>.</summary>
    public long Generation { get; init; }

    /// <summary><c>spec.replicas</c> (nil in the API is 1; the observe step resolves it).</summary>
    public int SpecReplicas { get; init; }

    /// <summary><c>spec.template</c>: the pod template the Rollout runs.</summary>
    public V1PodTemplateSpec? Template { get; init; }

    /// <summary><c>spec.selector</c>: used when the Rollout has no selector of its own.</summary>
    public V1LabelSelector? Selector { get; init; }
}
