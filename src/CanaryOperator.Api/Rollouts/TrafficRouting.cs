using System.Text.Json;
using System.Text.Json.Serialization;

namespace CanaryOperator.Api.Rollouts;

/// <summary><c>strategy.canary.trafficRouting</c>. Istio is implemented; other routers are preserved as JSON.</summary>
public sealed record TrafficRouting
{
    [JsonPropertyName("istio")]
    public IstioTrafficRouting? Istio { get; init; }

    [JsonPropertyName("managedRoutes")]
    public IReadOnlyList<ManagedRoute>? ManagedRoutes { get; init; }

    [JsonPropertyName("maxTrafficWeight")]
    public int? MaxTrafficWeight { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A route the controller may create and delete (header / mirror routes).</summary>
public sealed record ManagedRoute
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }
}

/// <summary><c>trafficRouting.istio</c>.</summary>
public sealed record IstioTrafficRouting
{
    [JsonPropertyName("virtualService")]
    public IstioVirtualServiceRef? VirtualService { get; init; }

    [JsonPropertyName("virtualServices")]
    public IReadOnlyList<IstioVirtualServiceRef>? VirtualServices { get; init; }

    [JsonPropertyName("destinationRule")]
    public IstioDestinationRuleRef? DestinationRule { get; init; }
}

/// <summary>A VirtualService the rollout drives, and which of its routes.</summary>
public sealed record IstioVirtualServiceRef
{
    /// <summary><c>name</c>, <c>name.namespace</c> or <c>name.namespace.svc.cluster.local</c>-style.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("routes")]
    public IReadOnlyList<string>? Routes { get; init; }

    [JsonPropertyName("tlsRoutes")]
    public IReadOnlyList<TlsRouteSelector>? TlsRoutes { get; init; }

    [JsonPropertyName("tcpRoutes")]
    public IReadOnlyList<TcpRouteSelector>? TcpRoutes { get; init; }
}

/// <summary>Selects TLS routes by port and SNI hosts.</summary>
public sealed record TlsRouteSelector
{
    [JsonPropertyName("port")]
    public long? Port { get; init; }

    [JsonPropertyName("sniHosts")]
    public IReadOnlyList<string>? SniHosts { get; init; }
}

/// <summary>Selects TCP routes by port.</summary>
public sealed record TcpRouteSelector
{
    [JsonPropertyName("port")]
    public long? Port { get; init; }
}

/// <summary>The DestinationRule whose subsets carry the canary and stable pod-template hashes.</summary>
public sealed record IstioDestinationRuleRef
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("canarySubsetName")]
    public string? CanarySubsetName { get; init; }

    [JsonPropertyName("stableSubsetName")]
    public string? StableSubsetName { get; init; }

    [JsonPropertyName("additionalSubsetNames")]
    public IReadOnlyList<string>? AdditionalSubsetNames { get; init; }
}
