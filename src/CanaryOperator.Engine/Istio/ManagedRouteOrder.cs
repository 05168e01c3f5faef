using CanaryOperator.Api.Istio;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// Istio evaluates http routes top-down, so managed (header/mirror) routes must sit above the primary route:
/// managed routes first in <c>managedRoutes</c> order, then all other routes in their existing order
/// (<c>istio.go:orderRoutes</c>, <c>getOrderedVirtualServiceRoutes</c>). Without <c>managedRoutes</c> nothing moves.
/// </summary>
public static class ManagedRouteOrder
{
    public static IReadOnlyList<HttpRoute> Apply(IReadOnlyList<HttpRoute> routes, IReadOnlyList<string>? managedRoutes)
    {
        if (managedRoutes is null)
        {
            return routes;
        }

        var managed = managedRoutes.SelectMany(name => routes.Where(r => (r.Name ?? "") == name)).ToList();
        var others = routes.Where(r => !managedRoutes.Contains(r.Name ?? ""));
        return [.. managed, .. others];
    }
}
