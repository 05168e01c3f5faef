using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace CanaryOperator.Api.Serialization;

/// <summary>
/// One way to turn model records into JSON and back: KubernetesClient's serializer settings (its date and
/// quantity converters, nulls omitted), so our records and the client's own models agree on every field.
/// </summary>
public static class ApiJson
{
    public static T Deserialize<T>(string json) => KubernetesJson.Deserialize<T>(json);

    public static T Deserialize<T>(JsonElement json) => KubernetesJson.Deserialize<T>(json);

    public static T Deserialize<T>(JsonNode json) => KubernetesJson.Deserialize<T>(json);

    public static string Serialize(object value) => KubernetesJson.Serialize(value);

    public static JsonNode ToNode(object value) => JsonNode.Parse(Serialize(value))!;
}
