using System.Text.Json.Nodes;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Tests.EndToEnd;

/// <summary>Reads route weights and subset hashes out of raw VirtualService / DestinationRule JSON.</summary>
internal static class IstioState
{
    /// <summary>Weights of an http route (by name, or the first route) keyed by destination subset, else host.</summary>
    public static IReadOnlyDictionary<string, int> HttpWeights(JsonObject? vs, string? route = null) => Weights(vs, "http", route);

    public static IReadOnlyDictionary<string, int> TlsWeights(JsonObject? vs, int index = 0) =>
        RouteWeights((vs?["spec"]?["tls"] as JsonArray)?.ElementAtOrDefault(index) as JsonObject);

    public static IReadOnlyDictionary<string, int> Weights(JsonObject? vs, string section, string? route)
    {
        var routes = vs?["spec"]?[section] as JsonArray ?? [];
        var selected = route is null
            ? routes.FirstOrDefault() as JsonObject
            : routes.OfType<JsonObject>().FirstOrDefault(r => r["name"]?.GetValue<string>() == route);
        return RouteWeights(selected);
    }

    /// <summary>True when every http/tls/tcp route's weights sum to 100 (a route without weights counts as 100).</summary>
    public static bool AllRoutesSumTo100(JsonObject? vs)
    {
        foreach (var section in new[] { "http", "tls", "tcp" })
        {
            foreach (var route in (vs?["spec"]?[section] as JsonArray ?? []).OfType<JsonObject>())
            {
                var destinations = (route["route"] as JsonArray ?? []).OfType<JsonObject>().ToList();
                if (destinations.Count > 1 && destinations.Sum(d => d["weight"]?.GetValue<int>() ?? 0) != 100)
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static string? SubsetHash(JsonObject? dr, string subset) =>
        (dr?["spec"]?["subsets"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(s => s["name"]?.GetValue<string>() == subset)?["labels"]?[RolloutLabels.PodTemplateHash]?.GetValue<string>();

    public static string? SelectorHash(JsonObject? service) =>
        service?["spec"]?["selector"]?[RolloutLabels.PodTemplateHash]?.GetValue<string>();

    /// <summary>Weights of one route object keyed by destination subset, else host.</summary>
    public static IReadOnlyDictionary<string, int> RouteWeightsOf(JsonObject? route) => RouteWeights(route);

    private static Dictionary<string, int> RouteWeights(JsonObject? route)
    {
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var destination in (route?["route"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var d = destination["destination"];
            var key = d?["subset"]?.GetValue<string>() ?? d?["host"]?.GetValue<string>() ?? "?";
            result[key] = destination["weight"]?.GetValue<int>() ?? 0;
        }

        return result;
    }
}
