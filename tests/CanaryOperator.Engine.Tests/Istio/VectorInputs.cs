using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Api.Serialization;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Tests.Istio;

/// <summary>Turns the JSON shapes used by the Istio vector files into the Api records.</summary>
internal static class VectorInputs
{
    /// <summary>A full Rollout object; the vectors write <c>status.stablePingPong</c> flat, Argo keeps it in <c>status.canary</c>.</summary>
    public static Rollout Rollout(JsonNode? node)
    {
        var copy = node!.DeepClone().AsObject();
        if (copy["status"] is JsonObject status && status["stablePingPong"] is { } pingPong)
        {
            status.Remove("stablePingPong");
            status["canary"] = new JsonObject { ["stablePingPong"] = pingPong.DeepClone() };
        }

        return ApiJson.Deserialize<Rollout>(copy);
    }

    /// <summary>
    /// The compact rollout shape of the DestinationRule vectors: <c>{name, namespace, destinationRule,
    /// canaryService, stableService, abort}</c>.
    /// </summary>
    public static Rollout CompactRollout(JsonNode? node)
    {
        var o = node!.AsObject();
        return new Rollout
        {
            Metadata = new() { Name = (string?)o["name"] ?? "rollout", NamespaceProperty = (string?)o["namespace"] ?? "default" },
            Spec = new RolloutSpec
            {
                Strategy = new RolloutStrategy
                {
                    Canary = new CanaryStrategy
                    {
                        CanaryService = (string?)o["canaryService"],
                        StableService = (string?)o["stableService"],
                        TrafficRouting = new TrafficRouting
                        {
                            Istio = new IstioTrafficRouting { DestinationRule = DestinationRuleRef(o["destinationRule"]) },
                        },
                    },
                },
            },
            Status = new RolloutStatus { Abort = (bool?)o["abort"] },
        };
    }

    public static IstioDestinationRuleRef? DestinationRuleRef(JsonNode? node) =>
        node is null ? null : ApiJson.Deserialize<IstioDestinationRuleRef>(node);

    public static IReadOnlyList<WeightDestination> Additional(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(a => ApiJson.Deserialize<WeightDestination>(a!))] : [];

    public static IReadOnlyList<ReplicaSetState> ReplicaSets(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.Select(a => new ReplicaSetState
            {
                Name = (string)a!["name"]!,
                PodTemplateHash = (string?)a["podTemplateHash"] ?? "",
                SpecReplicas = (int?)a["specReplicas"] ?? 0,
                AvailableReplicas = (int?)a["availableReplicas"] ?? 0,
                StatusReplicas = (int?)a["statusReplicas"] ?? 0,
            })]
            : [];

    public static IReadOnlyList<HttpRoute> HttpRoutes(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(a => ApiJson.Deserialize<HttpRoute>(a!))] : [];

    public static IReadOnlyList<T> List<T>(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(a => ApiJson.Deserialize<T>(a!))] : [];

    public static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(a => (string)a!)] : [];
}
