using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// Which http/tls/tcp routes of a VirtualService the canary weights apply to (§5.1;
/// <c>istio.go:getHttpRouteIndexesToPatch</c>, <c>getTlsRouteIndexesToPatch</c>, <c>getTcpRouteIndexesToPatch</c>).
/// </summary>
public static class RouteSelection
{
    public static string HttpRouteNotFound(string name) => $"HTTP Route '{name}' is not found in the defined Virtual Service.";

    public const string NoMatchingTlsRoutes = "No matching TLS routes found in the defined Virtual Service.";

    public const string NoMatchingTcpRoutes = "No matching TCP routes found in the defined Virtual Service.";

    /// <summary>
    /// With no <paramref name="routeNames"/>: a VirtualService with exactly one http route → that route (named or
    /// not), otherwise the FIRST unnamed route, otherwise nothing. With names: each must exist, in name order.
    /// </summary>
    public static RouteIndexes Http(IReadOnlyList<string>? routeNames, IReadOnlyList<HttpRoute>? httpRoutes)
    {
        var routes = httpRoutes ?? [];
        if (routeNames is null || routeNames.Count == 0)
        {
            if (routes.Count == 1)
            {
                return new RouteIndexes([0]);
            }

            for (var i = 0; i < routes.Count; i++)
            {
                if (string.IsNullOrEmpty(routes[i].Name))
                {
                    return new RouteIndexes([i]);
                }
            }

            return new RouteIndexes([]);
        }

        var indexes = new List<int>();
        foreach (var name in routeNames)
        {
            var index = IndexOfName(routes, name);
            if (index < 0)
            {
                return RouteIndexes.Fail(HttpRouteNotFound(name));
            }

            indexes.Add(index);
        }

        return new RouteIndexes(indexes);
    }

    /// <summary>
    /// The routes SetWeight updates: <see cref="Http"/> over the rollout's <c>routes</c> plus every http route that
    /// has a <c>mirror</c> and is listed in <c>managedRoutes</c> (<c>generateVirtualServicePatches</c>), so mirror
    /// routes follow the weight. NOTE (Argo, kept): with <c>routes</c> omitted, once such mirror routes exist only
    /// they are updated — <see cref="RouteValidation"/> reports the all-named case as an error.
    /// </summary>
    public static RouteIndexes HttpForWeights(IReadOnlyList<string>? routeNames, IReadOnlyList<HttpRoute>? httpRoutes, IReadOnlyList<string>? managedRoutes)
    {
        var names = new List<string>(routeNames ?? []);
        if (managedRoutes is not null)
        {
            foreach (var route in httpRoutes ?? [])
            {
                if (route.Mirror is not null && managedRoutes.Contains(route.Name ?? ""))
                {
                    names.Add(route.Name ?? "");
                }
            }
        }

        return Http(names, httpRoutes);
    }

    /// <summary>
    /// No selectors → route 0. Otherwise a tls route matches a selector when its matches use one single port equal
    /// to the selector's (absent = 0) and the union of their SNI hosts equals the selector's set; every selector
    /// must match at least one route.
    /// </summary>
    public static RouteIndexes Tls(IReadOnlyList<TlsRouteSelector>? selectors, IReadOnlyList<TlsRoute>? tlsRoutes)
    {
        if (selectors is null || selectors.Count == 0)
        {
            return new RouteIndexes([0]);
        }

        var routes = tlsRoutes ?? [];
        var indexes = new List<int>();
        foreach (var selector in selectors)
        {
            var wanted = new HashSet<string>(selector.SniHosts ?? [], StringComparer.Ordinal);
            var found = false;
            for (var i = 0; i < routes.Count; i++)
            {
                var matches = routes[i].Match ?? [];
                var ports = matches.Select(m => m.Port ?? 0).Distinct().ToList();
                if (ports.Count > 1)
                {
                    continue;
                }

                var port = ports.Count == 1 ? ports[0] : 0;
                var hosts = new HashSet<string>(matches.SelectMany(m => m.SniHosts ?? []), StringComparer.Ordinal);
                if (port == (selector.Port ?? 0) && hosts.SetEquals(wanted))
                {
                    indexes.Add(i);
                    found = true;
                }
            }

            if (!found)
            {
                return RouteIndexes.Fail(NoMatchingTlsRoutes);
            }
        }

        return new RouteIndexes(indexes);
    }

    /// <summary>As <see cref="Tls"/>, by port only.</summary>
    public static RouteIndexes Tcp(IReadOnlyList<TcpRouteSelector>? selectors, IReadOnlyList<TcpRoute>? tcpRoutes)
    {
        if (selectors is null || selectors.Count == 0)
        {
            return new RouteIndexes([0]);
        }

        var routes = tcpRoutes ?? [];
        var indexes = new List<int>();
        foreach (var selector in selectors)
        {
            var found = false;
            for (var i = 0; i < routes.Count; i++)
            {
                var ports = (routes[i].Match ?? []).Select(m => m.Port ?? 0).Distinct().ToList();
                if (ports.Count > 1)
                {
                    continue;
                }

                var port = ports.Count == 1 ? ports[0] : 0;
                if (port == (selector.Port ?? 0))
                {
                    indexes.Add(i);
                    found = true;
                }
            }

            if (!found)
            {
                return RouteIndexes.Fail(NoMatchingTcpRoutes);
            }
        }

        return new RouteIndexes(indexes);
    }

    internal static int IndexOfName(IReadOnlyList<HttpRoute> routes, string name)
    {
        for (var i = 0; i < routes.Count; i++)
        {
            if ((routes[i].Name ?? "") == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The destination's service: the host up to its first dot (<c>getHost</c>; a leading dot gives "").</summary>
    public static string ServiceOf(Destination destination)
    {
        var host = destination.Host ?? "";
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot switch
        {
            > 0 => host[..dot],
            < 0 => host,
            _ => "",
        };
    }
}
