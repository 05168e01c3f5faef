using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace CanaryOperator.Api.Istio;

/// <summary>An Istio DestinationRule; subsets are typed, everything else (trafficPolicy, ...) is kept verbatim.</summary>
public sealed record DestinationRule : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = IstioApi.Group + "/" + IstioApi.DefaultVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = IstioApi.DestinationRuleKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public DestinationRuleSpec Spec { get; init; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary><c>spec</c> of a DestinationRule.</summary>
public sealed record DestinationRuleSpec
{
    [JsonPropertyName("host")]
    public string? Host { get; init; }

    [JsonPropertyName("subsets")]
    public IReadOnlyList<Subset>? Subsets { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A named subset of a DestinationRule's host, chosen by pod labels.</summary>
public sealed record Subset
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
