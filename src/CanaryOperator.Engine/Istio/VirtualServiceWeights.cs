using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// Sets canary/stable weights on a VirtualService (§5.3; <c>istio.go:reconcileVirtualService</c>,
/// <c>generateVirtualServicePatches</c>, <c>processRoutes</c>). For every selected http/tls/tcp route:
/// canary destination → desired, stable → 100 − desired − Σ experiment weights − Σ current weights of
/// <c>additionalSubsetNames</c> destinations (floored at 0), experiment services → their weight, additional
/// subsets untouched, anything else with a non-zero weight deleted (Argo only emits a patch when a weight
/// differs, so an unknown destination already at weight 0 stays); missing experiment services are appended
/// in sorted order (Argo: Go map order). Every field not named here is carried over unchanged.
/// </summary>
public static class VirtualServiceWeights
{
    public static VirtualServiceUpdate Apply(
        VirtualService virtualService,
        IstioVirtualServiceRef reference,
        IstioTrafficTarget target,
        int desiredWeight,
        IReadOnlyList<WeightDestination>? additionalDestinations = null)
    {
        var errors = RouteValidation.Validate(virtualService, reference, target);
        if (errors.Count > 0)
        {
            return VirtualServiceUpdate.Fail(virtualService, errors[0]);
        }

        var additional = additionalDestinations ?? [];
        var spec = virtualService.Spec;
        var http = spec.Http;
        if (http is { Count: > 0 })
        {
            var indexes = RouteSelection.HttpForWeights(reference.Routes, http, target.ManagedRoutes).Indexes.ToHashSet();
            http = Reweigh(http, indexes, r => r.Route, (r, route) => r with { Route = route }, desiredWeight, target, additional);
        }

        var tls = spec.Tls;
        if (tls is { Count: > 0 })
        {
            var indexes = RouteSelection.Tls(reference.TlsRoutes, tls).Indexes.ToHashSet();
            tls = Reweigh(tls, indexes, r => r.Route, (r, route) => r with { Route = route }, desiredWeight, target, additional);
        }

        var tcp = spec.Tcp;
        if (tcp is { Count: > 0 })
        {
            var indexes = RouteSelection.Tcp(reference.TcpRoutes, tcp).Indexes.ToHashSet();
            tcp = Reweigh(tcp, indexes, r => r.Route, (r, route) => r with { Route = route }, desiredWeight, target, additional);
        }

        if (ReferenceEquals(http, spec.Http) && ReferenceEquals(tls, spec.Tls) && ReferenceEquals(tcp, spec.Tcp))
        {
            // Every weight is already the desired one (the steady state): the object would serialize the same, so the
            // JSON diff below would be empty. Skipping it was ~a tenth of a no-op reconcile (docs/benchmarks.md).
            return new VirtualServiceUpdate(virtualService, false, JsonPatchDocument.Empty);
        }

        var updated = virtualService with { Spec = spec with { Http = http, Tls = tls, Tcp = tcp } };
        var result = VirtualServiceUpdate.Between(virtualService, updated);
        if (!result.Changed || http is null)
        {
            return result;
        }

        // Argo re-orders managed routes only when it writes (SetWeight → orderRoutes before Update).
        var ordered = updated with { Spec = updated.Spec with { Http = ManagedRouteOrder.Apply(http, target.ManagedRoutes) } };
        return VirtualServiceUpdate.Between(virtualService, ordered);
    }

    /// <summary>
    /// <paramref name="routes"/> with <see cref="Process"/> applied to the selected ones; the same list instance when no
    /// route's destinations changed (Process keeps every destination whose weight is already right).
    /// </summary>
    private static IReadOnlyList<TRoute> Reweigh<TRoute>(
        IReadOnlyList<TRoute> routes,
        HashSet<int> indexes,
        Func<TRoute, IReadOnlyList<RouteDestination>?> destinationsOf,
        Func<TRoute, IReadOnlyList<RouteDestination>?, TRoute> withDestinations,
        int desiredWeight,
        IstioTrafficTarget target,
        IReadOnlyList<WeightDestination> additional)
    {
        List<TRoute>? changed = null;
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            if (indexes.Contains(i))
            {
                var before = destinationsOf(route);
                var after = Process(before, desiredWeight, target, additional);
                if (!SameInstances(before, after))
                {
                    changed ??= [.. routes.Take(i)];
                    route = withDestinations(route, after);
                }
            }

            changed?.Add(route);
        }

        return changed ?? routes;
    }

    private static bool SameInstances(IReadOnlyList<RouteDestination>? before, IReadOnlyList<RouteDestination>? after)
    {
        if (before is null || after is null)
        {
            return before is null && after is null;
        }

        if (before.Count != after.Count)
        {
            return false;
        }

        for (var i = 0; i < before.Count; i++)
        {
            if (!ReferenceEquals(before[i], after[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>processRoutes</c> for one route's destinations.</summary>
    internal static IReadOnlyList<RouteDestination>? Process(
        IReadOnlyList<RouteDestination>? destinations,
        int desiredWeight,
        IstioTrafficTarget target,
        IReadOnlyList<WeightDestination> additional)
    {
        if (destinations is null)
        {
            return null;
        }

        var pending = new Dictionary<string, WeightDestination>(StringComparer.Ordinal);
        var stableWeight = 100 - desiredWeight;
        foreach (var destination in additional)
        {
            pending[destination.ServiceName ?? ""] = destination;
            stableWeight -= destination.Weight;
        }

        foreach (var destination in destinations)
        {
            if (Classify(destination, target, pending) == Role.AdditionalSubset)
            {
                stableWeight -= destination.Weight ?? 0;
            }
        }

        stableWeight = Math.Max(0, stableWeight);
        var result = new List<RouteDestination>();
        foreach (var destination in destinations)
        {
            var current = destination.Weight ?? 0;
            switch (Classify(destination, target, pending))
            {
                case Role.Canary:
                    result.Add(WithWeight(destination, desiredWeight));
                    break;
                case Role.Stable:
                    result.Add(WithWeight(destination, stableWeight));
                    break;
                case Role.Experiment:
                    var service = RouteSelection.ServiceOf(destination.Destination);
                    result.Add(WithWeight(destination, pending[service].Weight));
                    pending.Remove(service);
                    break;
                case Role.Unknown when current != 0:
                    break; // deleted
                default:
                    result.Add(destination);
                    break;
            }
        }

        foreach (var (service, destination) in pending.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // Argo appends through appendPatch, which skips a weight equal to the (zero) current one.
            if (destination.Weight != 0)
            {
                result.Add(new RouteDestination { Destination = new Destination { Host = service }, Weight = destination.Weight });
            }
        }

        return result;
    }

    private enum Role
    {
        NoHost,
        Canary,
        Stable,
        Experiment,
        AdditionalSubset,
        Unknown,
    }

    private static Role Classify(RouteDestination destination, IstioTrafficTarget target, Dictionary<string, WeightDestination> pending)
    {
        var service = RouteSelection.ServiceOf(destination.Destination);
        var subset = destination.Destination.Subset ?? "";
        if (service.Length == 0)
        {
            return Role.NoHost;
        }

        if (service == target.CanaryService || (subset.Length > 0 && subset == target.CanarySubset))
        {
            return Role.Canary;
        }

        if (service == target.StableService || (subset.Length > 0 && subset == target.StableSubset))
        {
            return Role.Stable;
        }

        if (pending.ContainsKey(service))
        {
            return Role.Experiment;
        }

        return subset.Length > 0 && target.AdditionalSubsetNames.Contains(subset) ? Role.AdditionalSubset : Role.Unknown;
    }

    private static RouteDestination WithWeight(RouteDestination destination, int weight) =>
        (destination.Weight ?? 0) == weight ? destination : destination with { Weight = weight };
}
