using CanaryOperator.Api.Rollouts;

namespace CanaryOperator.Engine.Istio;

/// <summary>
/// Where a rollout's <c>virtualService.name</c> points (<c>utils/istio/istio.go:GetVirtualServiceNamespaceName</c>,
/// §1.17): <c>name</c>, <c>name.namespace</c> or <c>name.namespace.cluster.local</c>. After dropping a
/// <c>.cluster.local</c> suffix the LAST dot-segment is the namespace, so names may themselves contain dots
/// (<c>my.virtual.service.istio</c> is <c>my.virtual.service</c> in <c>istio</c>).
/// </summary>
public static class VirtualServiceName
{
    private const string ClusterLocalSuffix = ".cluster.local";

    /// <summary>The namespace (the rollout's when the reference has none) and the VirtualService name.</summary>
    public static (string Namespace, string Name) Parse(string name, string rolloutNamespace)
    {
        var reference = name.EndsWith(ClusterLocalSuffix, StringComparison.Ordinal) ? name[..^ClusterLocalSuffix.Length] : name;
        var dot = reference.LastIndexOf('.');
        return dot <= 0 ? (rolloutNamespace, reference) : (reference[(dot + 1)..], reference[..dot]);
    }

    /// <summary>
    /// The VirtualService references in force (<c>getVirtualServices</c>): <c>virtualServices</c> when that list is
    /// present (even empty), else the single <c>virtualService</c>; none when both or neither are set (validation
    /// reports that as "either VirtualService or VirtualServices must be configured").
    /// </summary>
    public static IReadOnlyList<IstioVirtualServiceRef> References(IstioTrafficRouting? istio)
    {
        if (istio is null || (istio.VirtualService is null) == (istio.VirtualServices is null))
        {
            return [];
        }

        return istio.VirtualServices ?? [istio.VirtualService!];
    }

    /// <summary>
    /// <c>namespace/name</c> keys of the VirtualServices a rollout references (<c>GetRolloutVirtualServiceKeys</c>),
    /// for indexing informer events; references with an empty name yield no key.
    /// </summary>
    public static IReadOnlyList<string> Keys(Rollout rollout)
    {
        var istio = rollout.Spec.Strategy.Canary?.TrafficRouting?.Istio;
        var rolloutNamespace = rollout.Metadata?.NamespaceProperty ?? "";
        return Keys(istio, rolloutNamespace);
    }

    /// <inheritdoc cref="Keys(Rollout)"/>
    public static IReadOnlyList<string> Keys(IstioTrafficRouting? istio, string rolloutNamespace) =>
        [.. References(istio)
            .Where(r => !string.IsNullOrEmpty(r.Name))
            .Select(r => Parse(r.Name!, rolloutNamespace))
            .Select(k => $"{k.Namespace}/{k.Name}")];
}
