namespace CanaryOperator.Api.Rollouts;

/// <summary>Label keys Argo Rollouts puts on ReplicaSets, pods, Services and DestinationRule subsets.</summary>
public static class RolloutLabels
{
    /// <summary>The pod-template hash that tells the canary and stable ReplicaSets (and their pods) apart.</summary>
    public const string PodTemplateHash = "rollouts-pod-template-hash";
}
