using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace CanaryOperator.Runtime.Informers;

/// <summary>
/// A LIST answer for a custom resource, deserialized by the client straight into typed items (no intermediate
/// <c>JsonDocument</c> per page, which at 10,000 objects was megabytes of large-object garbage per informer start).
/// </summary>
public sealed class CustomObjectList<T> : IKubernetesObject<V1ListMeta>, IItems<T>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
