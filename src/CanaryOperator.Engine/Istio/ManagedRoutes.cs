using System.Text.Json;
using System.Text.Json.Nodes;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// Header and mirror routes (§5.6; <c>istio.go:SetHeaderRoute</c>, <c>SetMirrorRoute</c>,
/// <c>RemoveManagedRoutes</c>). A step with a match (re)creates its named http route — the old one is removed
/// first so it never duplicates — and the routes are then ordered managed-first (<see cref="ManagedRouteOrder"/>);
/// a step without a match removes it.
/// </summary>
public static class ManagedRoutes
{
    public const string SpecHttpNotFound = "spec.http not found";

    /// <summary>
    /// Header route <c>{name, match:[{headers:{h:{exact|regex|prefix}}}], route:[{destination:{host, port?, subset?}, weight:100}]}</c>:
    /// host = the DestinationRule's <c>spec.host</c> when one is configured (pass it as
    /// <paramref name="destinationRuleHost"/>), else the canary Service; the port is copied from the first
    /// destination of the route SetWeight updates. Deviation: an EMPTY match list removes the route like an absent
    /// one (Argo would create a match-everything route sending 100 % to the canary).
    /// </summary>
    public static VirtualServiceUpdate SetHeaderRoute(
        VirtualService virtualService,
        IstioVirtualServiceRef reference,
        IstioTrafficTarget target,
        string? destinationRuleHost,
        SetHeaderRoute step)
    {
        if (virtualService.Spec.Http is not { } http)
        {
            return VirtualServiceUpdate.Fail(virtualService, SpecHttpNotFound);
        }

        var name = step.Name ?? "";
        var routes = http.Where(r => (r.Name ?? "") != name).ToList();
        if (step.Match is { Count: > 0 } matches)
        {
            var port = CanaryPort(reference, routes);
            var destination = NewDestination(string.IsNullOrEmpty(destinationRuleHost) ? target.CanaryService : destinationRuleHost, target.CanarySubset, port);
            routes.Add(new HttpRoute
            {
                Name = name,
                Route = [new RouteDestination { Destination = destination, Weight = 100 }],
                Extra = new Dictionary<string, JsonElement> { ["match"] = ToElement(new JsonArray([.. matches.Select(HeaderMatch)])) },
            });
        }

        return Finish(virtualService, routes, target);
    }

    /// <summary>
    /// Mirror route <c>{name, match, route: &lt;copy of the SetWeight route's destinations&gt;, mirror:{host, subset?, port?},
    /// mirrorPercentage:{value: percentage or 100}}</c>, inserted at the top. Match entries take <c>method</c>,
    /// <c>path</c> (written as Istio's <c>uri</c>) and <c>headers</c>.
    /// </summary>
    public static VirtualServiceUpdate SetMirrorRoute(
        VirtualService virtualService,
        IstioVirtualServiceRef reference,
        IstioTrafficTarget target,
        string? destinationRuleHost,
        SetMirrorRoute step)
    {
        if (virtualService.Spec.Http is not { } http)
        {
            return VirtualServiceUpdate.Fail(virtualService, SpecHttpNotFound);
        }

        var name = step.Name ?? "";
        var routes = http.Where(r => (r.Name ?? "") != name).ToList();
        if (step.Match is { Count: > 0 } matches)
        {
            var selected = RouteSelection.Http(reference.Routes, routes);
            if (!selected.Ok)
            {
                return VirtualServiceUpdate.Fail(virtualService, $"[createMirrorRoute] failed to get virtual service http route for keeping non-mirror weights set: {selected.Error}");
            }

            if (selected.Indexes.Count == 0 || routes[selected.Indexes[0]].Route is not { Count: > 0 } weighted)
            {
                return VirtualServiceUpdate.Fail(virtualService, "[createMirrorRoute] no weighted http route to copy into the mirror route");
            }

            var port = Port(weighted[0].Destination);
            var mirror = NewDestination(string.IsNullOrEmpty(destinationRuleHost) ? target.CanaryService : destinationRuleHost, target.CanarySubset, port);
            routes.Insert(0, new HttpRoute
            {
                Name = name,
                Route = weighted,
                Mirror = mirror,
                Extra = new Dictionary<string, JsonElement>
                {
                    ["match"] = ToElement(new JsonArray([.. matches.Select(MirrorMatch)])),
                    ["mirrorPercentage"] = ToElement(new JsonObject { ["value"] = step.Percentage ?? 100 }),
                },
            });
        }

        return Finish(virtualService, routes, target);
    }

    /// <summary>
    /// Deletes every http route named in <paramref name="routeNames"/> (the rollout's <c>managedRoutes</c>, plus any
    /// step route names the caller adds); unchanged when there is no http section or nothing matches.
    /// </summary>
    public static VirtualServiceUpdate RemoveManagedRoutes(VirtualService virtualService, IReadOnlyCollection<string>? routeNames)
    {
        if (virtualService.Spec.Http is not { } http || routeNames is null || routeNames.Count == 0)
        {
            return VirtualServiceUpdate.Between(virtualService, virtualService);
        }

        var kept = http.Where(r => !routeNames.Contains(r.Name ?? "")).ToList();
        return kept.Count == http.Count
            ? VirtualServiceUpdate.Between(virtualService, virtualService)
            : VirtualServiceUpdate.BetweenRoutes(virtualService, virtualService with { Spec = virtualService.Spec with { Http = kept } });
    }

    /// <summary>
    /// What <see cref="RemoveManagedRoutes"/> should delete for a rollout: its <c>managedRoutes</c> plus every route
    /// named by a setHeaderRoute/setMirrorRoute step (§5.6), in that order, without duplicates.
    /// </summary>
    public static IReadOnlyList<string> RouteNamesToRemove(Rollout rollout)
    {
        var canary = rollout.Spec.Strategy.Canary;
        var names = (canary?.TrafficRouting?.ManagedRoutes ?? []).Select(m => m.Name ?? "")
            .Concat((canary?.Steps ?? []).Select(s => s.SetHeaderRoute?.Name ?? s.SetMirrorRoute?.Name).OfType<string>());
        return [.. names.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    private static VirtualServiceUpdate Finish(VirtualService virtualService, List<HttpRoute> routes, IstioTrafficTarget target) =>
        VirtualServiceUpdate.BetweenRoutes(virtualService, virtualService with
        {
            Spec = virtualService.Spec with { Http = ManagedRouteOrder.Apply(routes, target.ManagedRoutes) },
        });

    // getVirtualServiceCanaryPort: port of the first destination of the first route SetWeight updates; none on error.
    private static long? CanaryPort(IstioVirtualServiceRef reference, IReadOnlyList<HttpRoute> routes)
    {
        var selected = RouteSelection.Http(reference.Routes, routes);
        if (!selected.Ok || selected.Indexes.Count == 0 || routes[selected.Indexes[0]].Route is not { Count: > 0 } weighted)
        {
            return null;
        }

        return Port(weighted[0].Destination);
    }

    private static long? Port(Destination destination)
    {
        if (destination.Extra is not null
            && destination.Extra.TryGetValue("port", out var port)
            && port.ValueKind == JsonValueKind.Object
            && port.TryGetProperty("number", out var number)
            && number.TryGetInt64(out var value)
            && value > 0)
        {
            return value;
        }

        return null;
    }

    private static Destination NewDestination(string host, string subset, long? port) => new()
    {
        Host = host,
        Subset = subset.Length > 0 ? subset : null,
        Extra = port is { } p ? new Dictionary<string, JsonElement> { ["port"] = ToElement(new JsonObject { ["number"] = p }) } : null,
    };

    private static JsonNode HeaderMatch(HeaderRoutingMatch match)
    {
        var value = new JsonObject();
        if (!string.IsNullOrEmpty(match.HeaderValue?.Exact))
        {
            value["exact"] = match.HeaderValue.Exact;
        }

        if (!string.IsNullOrEmpty(match.HeaderValue?.Regex))
        {
            value["regex"] = match.HeaderValue.Regex;
        }

        if (!string.IsNullOrEmpty(match.HeaderValue?.Prefix))
        {
            value["prefix"] = match.HeaderValue.Prefix;
        }

        return new JsonObject { ["headers"] = new JsonObject { [match.HeaderName ?? ""] = value } };
    }

    // Argo's RouteMatch{Method, Uri: match.Path, Headers}; absent parts are omitted.
    private static JsonNode MirrorMatch(JsonElement match)
    {
        var result = new JsonObject();
        if (match.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        foreach (var (from, to) in new[] { ("method", "method"), ("path", "uri"), ("headers", "headers") })
        {
            if (match.TryGetProperty(from, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                result[to] = JsonNode.Parse(value.GetRawText());
            }
        }

        return result;
    }

    private static JsonElement ToElement(JsonNode node) => JsonSerializer.SerializeToElement(node);
}
