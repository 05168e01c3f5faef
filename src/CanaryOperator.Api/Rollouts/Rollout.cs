using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace CanaryOperator.Api.Rollouts;

/// <summary>An Argo Rollouts <c>Rollout</c> (argoproj.io/v1alpha1), the fields the canary strategy uses.</summary>
public sealed record Rollout : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "argoproj.io";
    public const string Version = "v1alpha1";
    public const string ApiGroupVersion = Group + "/" + Version;
    public const string KindName = "Rollout";
    public const string Plural = "rollouts";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = ApiGroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public RolloutSpec Spec { get; init; } = new();

    [JsonPropertyName("status")]
    public RolloutStatus? Status { get; init; }
}
