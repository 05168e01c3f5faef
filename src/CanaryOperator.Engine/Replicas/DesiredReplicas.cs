using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Replicas;

/// <summary><c>spec.replicas</c> with Argo's default applied (<c>utils/defaults/defaults.go:GetReplicasOrDefault</c>).</summary>
public static class DesiredReplicas
{
    /// <summary>An unset <c>spec.replicas</c> means 1 (the controller later writes 1 back for HPA's sake).</summary>
    public const int Default = 1;

    public static int Of(Rollout rollout) => rollout.Spec.Replicas ?? Default;
}
