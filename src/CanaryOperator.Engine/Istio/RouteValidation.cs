using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// Checks that the routes a rollout will update exist and carry both a canary and a stable destination (§5.2;
/// <c>istio.go:ValidateHTTPRoutes</c>, <c>ValidateTlsRoutes</c>, <c>ValidateTcpRoutes</c>,
/// <c>validateVirtualServiceRouteDestinations</c>), with Argo's exact messages. Errors are returned, never thrown.
/// </summary>
public static class RouteValidation
{
    public const string AmbiguousHttp =
        "spec.http[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.routes";

    public const string AmbiguousTls =
        "spec.tls[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.tlsRoutes";

    public const string AmbiguousTcp =
        "spec.tcp[] should be set in VirtualService and it must have exactly one route when omitting spec.strategy.canary.trafficRouting.istio.virtualService.tcpRoutes";

    /// <summary>
    /// OUR IMPROVEMENT (not in Argo): <c>routes</c> omitted while every http route of the VirtualService is named
    /// (e.g. one primary route next to managed header/mirror routes). Argo then selects no route and SetWeight is
    /// a silent no-op for the primary traffic; we refuse instead.
    /// </summary>
    public const string NoUnnamedHttpRoute =
        "spec.http[] has no unnamed route and spec.strategy.canary.trafficRouting.istio.virtualService.routes is omitted, so no route would receive the canary weight: list the route names in virtualService.routes";

    public static string CanarySubsetNotFound(string subset) => $"Canary DestinationRule subset '{subset}' not found in route";

    public static string StableSubsetNotFound(string subset) => $"Stable DestinationRule subset '{subset}' not found in route";

    public static string CanaryServiceNotFound(string service) => $"Canary Service '{service}' not found in route";

    public static string StableServiceNotFound(string service) => $"Stable Service '{service}' not found in route";

    /// <summary>
    /// A route must hold the canary and the stable destination: by subset name when a destinationRule is
    /// configured (canary checked first), else by service (host up to the first dot).
    /// </summary>
    public static string? Destinations(IReadOnlyList<RouteDestination>? route, string stableService, string canaryService, IstioDestinationRuleRef? destinationRule)
    {
        bool hasStableService = false, hasCanaryService = false, hasStableSubset = false, hasCanarySubset = false;
        foreach (var destination in route ?? [])
        {
            var service = RouteSelection.ServiceOf(destination.Destination);
            hasStableService |= stableService.Length > 0 && service == stableService;
            hasCanaryService |= canaryService.Length > 0 && service == canaryService;
            if (destination.Destination.Subset is { Length: > 0 } subset)
            {
                hasStableSubset |= subset == destinationRule?.StableSubsetName;
                hasCanarySubset |= subset == destinationRule?.CanarySubsetName;
            }
        }

        if (destinationRule is not null)
        {
            return !hasCanarySubset ? CanarySubsetNotFound(destinationRule.CanarySubsetName ?? "")
                : !hasStableSubset ? StableSubsetNotFound(destinationRule.StableSubsetName ?? "")
                : null;
        }

        return !hasCanaryService ? CanaryServiceNotFound(canaryService)
            : !hasStableService ? StableServiceNotFound(stableService)
            : null;
    }

    /// <summary>Argo's <c>ValidateHTTPRoutes</c> exactly.</summary>
    public static string? Http(IstioTrafficTarget target, IReadOnlyList<string>? routeNames, IReadOnlyList<HttpRoute>? httpRoutes)
    {
        var routes = httpRoutes ?? [];
        var selected = RouteSelection.Http(routeNames, routes);
        if (!selected.Ok)
        {
            return selected.Error;
        }

        foreach (var index in selected.Indexes)
        {
            if (Destinations(routes[index].Route, target.StableService, target.CanaryService, target.DestinationRule) is { } error)
            {
                return error;
            }
        }

        var managed = target.ManagedRoutes ?? [];
        var unmanaged = routes.Count(r => !managed.Contains(r.Name ?? ""));
        return (routeNames is null || routeNames.Count == 0) && unmanaged > 1 ? AmbiguousHttp : null;
    }

    /// <summary>Argo's <c>ValidateTlsRoutes</c> exactly.</summary>
    public static string? Tls(IstioTrafficTarget target, IReadOnlyList<TlsRouteSelector>? selectors, IReadOnlyList<TlsRoute>? tlsRoutes)
    {
        var routes = tlsRoutes ?? [];
        var selected = RouteSelection.Tls(selectors, routes);
        if (!selected.Ok)
        {
            return selected.Error;
        }

        foreach (var index in selected.Indexes.Where(i => i < routes.Count))
        {
            if (Destinations(routes[index].Route, target.StableService, target.CanaryService, target.DestinationRule) is { } error)
            {
                return error;
            }
        }

        return (selectors is null || selectors.Count == 0) && routes.Count > 1 ? AmbiguousTls : null;
    }

    /// <summary>Argo's <c>ValidateTcpRoutes</c> exactly.</summary>
    public static string? Tcp(IstioTrafficTarget target, IReadOnlyList<TcpRouteSelector>? selectors, IReadOnlyList<TcpRoute>? tcpRoutes)
    {
        var routes = tcpRoutes ?? [];
        var selected = RouteSelection.Tcp(selectors, routes);
        if (!selected.Ok)
        {
            return selected.Error;
        }

        foreach (var index in selected.Indexes.Where(i => i < routes.Count))
        {
            if (Destinations(routes[index].Route, target.StableService, target.CanaryService, target.DestinationRule) is { } error)
            {
                return error;
            }
        }

        return (selectors is null || selectors.Count == 0) && routes.Count > 1 ? AmbiguousTcp : null;
    }

    /// <summary>
    /// Everything SetWeight checks before touching a VirtualService, per present section (http, tls, tcp), plus
    /// our <see cref="NoUnnamedHttpRoute"/> improvement. Empty = valid. A missing <c>routes</c> name is an error
    /// exactly as in Argo (<see cref="RouteSelection.HttpRouteNotFound"/>).
    /// </summary>
    public static IReadOnlyList<string> Validate(VirtualService virtualService, IstioVirtualServiceRef reference, IstioTrafficTarget target)
    {
        var errors = new List<string>();
        var spec = virtualService.Spec;
        if (spec.Http is { } http)
        {
            if (Http(target, reference.Routes, http) is { } error)
            {
                errors.Add(error);
            }
            else if ((reference.Routes is null || reference.Routes.Count == 0) && http.Count > 1 && RouteSelection.Http(null, http).Indexes.Count == 0)
            {
                errors.Add(NoUnnamedHttpRoute);
            }
        }

        if (spec.Tls is { Count: > 0 } tls && Tls(target, reference.TlsRoutes, tls) is { } tlsError)
        {
            errors.Add(tlsError);
        }

        if (spec.Tcp is { Count: > 0 } tcp && Tcp(target, reference.TcpRoutes, tcp) is { } tcpError)
        {
            errors.Add(tcpError);
        }

        return errors;
    }
}
