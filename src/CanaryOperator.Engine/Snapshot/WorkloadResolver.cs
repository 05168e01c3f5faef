using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Snapshot;

/// <summary>
/// Resolves <c>spec.workloadRef</c> the way <c>rollout/templateref.go:Resolve</c> does: the referenced
/// Deployment's template replaces <c>spec.template</c> in memory, its selector is used when the Rollout has none.
/// Only apps/Deployment is supported here (Argo also accepts ReplicaSet and PodTemplate).
/// </summary>
public static class WorkloadResolver
{
    public static ResolvedWorkload Resolve(Rollout rollout, DeploymentState? deployment)
    {
        var spec = rollout.Spec;
        var workloadRef = spec.WorkloadRef;
        if (workloadRef is null)
        {
            return new ResolvedWorkload(spec.Template, spec.Selector, null, null);
        }

        // RolloutSpec.EmptyTemplate only looks at template labels and annotations.
        var template = spec.Template;
        if ((template?.Metadata?.Labels?.Count ?? 0) > 0 || (template?.Metadata?.Annotations?.Count ?? 0) > 0)
        {
            return new ResolvedWorkload(null, spec.Selector, "spec.template: Internal error: template must be empty for workload reference rollout", null);
        }

        var group = (workloadRef.ApiVersion ?? "").Split('/')[0];
        if (workloadRef.Kind != "Deployment" || group != "apps")
        {
            return new ResolvedWorkload(null, spec.Selector,
                $"spec.workloadRef: Invalid value: \"{workloadRef.Kind}\": workload of type {group}/{workloadRef.Kind} is not supported", null);
        }

        if (deployment is null)
        {
            return new ResolvedWorkload(null, spec.Selector,
                $"spec.workloadRef: Invalid value: \"{workloadRef.Name}\": deployments.apps \"{workloadRef.Name}\" not found", null);
        }

        return new ResolvedWorkload(deployment.Template, spec.Selector ?? deployment.Selector, null, deployment.Generation);
    }
}
