using System.Globalization;
using CanaryOperator.Api.Istio;
using CanaryOperator.Api.Rollouts;
using CanaryOperator.Engine.Istio;
using CanaryOperator.Engine.Snapshot;

namespace CanaryOperator.Engine.Planning;

/// <summary>
/// Header and mirror routes in the pass (§4.2b, §5.6; <c>trafficrouting.go</c> → <c>SetHeaderRoute</c>,
/// <c>SetMirrorRoute</c>, <c>RemoveManagedRoutes</c>). The current setHeaderRoute/setMirrorRoute step is applied to
/// every VirtualService before the weights of the same pass; the routes are removed on full promotion, abort, a
/// canary without available pods and promote-full.
/// </summary>
internal sealed partial class PlanningPass
{
    // Whether this pass applied the current setHeaderRoute/setMirrorRoute step (or had nothing to apply it to): such a
    // step completes only then. Argo completes it unconditionally, so a pass that returns before the route call (the
    // stable-capacity hold) silently skips the route; we retry the step instead.
    private bool routeStepApplied;

    /// <summary>Whether the current setHeaderRoute/setMirrorRoute step may complete in this pass.</summary>
    private bool RouteStepComplete() => canary.TrafficRouting?.Istio is null || routeStepApplied;

    private void RemoveManagedRoutes(IstioTrafficRouting istio)
    {
        if (canary.TrafficRouting?.ManagedRoutes is not { Count: > 0 })
        {
            return; // validation rejects route steps outside managedRoutes, so there is nothing to remove
        }

        var names = ManagedRoutes.RouteNamesToRemove(rollout);

        var set = names.ToHashSet(StringComparer.Ordinal);
        foreach (var (_, vsNamespace, vsName, key, live) in LiveVirtualServices(istio))
        {
            Record(vsNamespace, vsName, key, ManagedRoutes.RemoveManagedRoutes(live, set));
        }
    }

    /// <summary>Applies the current step's header/mirror route; returns an error text that ends the pass.</summary>
    private string? ApplyRouteStep(IstioTrafficRouting istio, IstioTrafficTarget target, CanaryStep step)
    {
        // Argo applies these steps only from revision 2 on (its first install would otherwise run step 0); the step
        // then completes without a route.
        if (!int.TryParse(RolloutRevision(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision) || revision <= 1)
        {
            routeStepApplied = true;
            return null;
        }

        var drHost = istio.DestinationRule is null ? null : snapshot.DestinationRule?.Spec.Host;
        foreach (var (reference, vsNamespace, vsName, key, live) in LiveVirtualServices(istio))
        {
            var update = step.SetHeaderRoute is { } header
                ? ManagedRoutes.SetHeaderRoute(live, reference, target, drHost, header)
                : ManagedRoutes.SetMirrorRoute(live, reference, target, drHost, step.SetMirrorRoute!);
            if (update.Error is { } error)
            {
                return error;
            }

            Record(vsNamespace, vsName, key, update);
        }

        routeStepApplied = true;
        return null;
    }

    /// <summary>Each referenced VirtualService as this pass sees it (after its earlier writes); missing ones are skipped (validation reports them).</summary>
    private IEnumerable<(IstioVirtualServiceRef Reference, string Namespace, string Name, string Key, VirtualService Live)> LiveVirtualServices(IstioTrafficRouting istio)
    {
        foreach (var reference in VirtualServiceName.References(istio))
        {
            var (vsNamespace, vsName) = VirtualServiceName.Parse(reference.Name ?? "", ns);
            var key = ClusterSnapshot.Key(vsNamespace, vsName);
            if ((liveVirtualServices.GetValueOrDefault(key) ?? snapshot.FindVirtualService(vsNamespace, vsName)) is { } live)
            {
                yield return (reference, vsNamespace, vsName, key, live);
            }
        }
    }

    private void Record(string vsNamespace, string vsName, string key, VirtualServiceUpdate update)
    {
        if (update.Changed)
        {
            liveVirtualServices[key] = update.Updated;
            actions.Add(new UpdateVirtualService(vsNamespace, vsName, update.Patch.ToJsonString()));
        }
    }
}
