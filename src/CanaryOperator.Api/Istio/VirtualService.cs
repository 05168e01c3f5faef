using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace CanaryOperator.Api.Istio;

/// <summary>
/// An Istio VirtualService. Only the routing fields the canary needs are typed; every other field, at every
/// level, is kept in <c>Extra</c> so a document read and written back loses nothing (match, retries,
/// timeouts, headers, corsPolicy, ...).
/// </summary>
public sealed record VirtualService : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = IstioApi.Group + "/" + IstioApi.DefaultVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = IstioApi.VirtualServiceKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public VirtualServiceSpec Spec { get; init; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary><c>spec</c> of a VirtualService.</summary>
public sealed record VirtualServiceSpec
{
    [JsonPropertyName("hosts")]
    public IReadOnlyList<string>? Hosts { get; init; }

    [JsonPropertyName("gateways")]
    public IReadOnlyList<string>? Gateways { get; init; }

    [JsonPropertyName("http")]
    public IReadOnlyList<HttpRoute>? Http { get; init; }

    [JsonPropertyName("tls")]
    public IReadOnlyList<TlsRoute>? Tls { get; init; }

    [JsonPropertyName("tcp")]
    public IReadOnlyList<TcpRoute>? Tcp { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>An HTTP route: weighted destinations plus anything else Istio allows, kept verbatim.</summary>
public sealed record HttpRoute
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("route")]
    public IReadOnlyList<RouteDestination>? Route { get; init; }

    [JsonPropertyName("mirror")]
    public Destination? Mirror { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A TLS route, selected by the ports and SNI hosts of its matches.</summary>
public sealed record TlsRoute
{
    [JsonPropertyName("match")]
    public IReadOnlyList<TlsMatch>? Match { get; init; }

    [JsonPropertyName("route")]
    public IReadOnlyList<RouteDestination>? Route { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A TLS match attribute.</summary>
public sealed record TlsMatch
{
    [JsonPropertyName("port")]
    public long? Port { get; init; }

    [JsonPropertyName("sniHosts")]
    public IReadOnlyList<string>? SniHosts { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A TCP route, selected by the ports of its matches.</summary>
public sealed record TcpRoute
{
    [JsonPropertyName("match")]
    public IReadOnlyList<L4Match>? Match { get; init; }

    [JsonPropertyName("route")]
    public IReadOnlyList<RouteDestination>? Route { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A TCP match attribute.</summary>
public sealed record L4Match
{
    [JsonPropertyName("port")]
    public long? Port { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>One weighted destination of a route.</summary>
public sealed record RouteDestination
{
    [JsonPropertyName("destination")]
    public Destination Destination { get; init; } = new();

    /// <summary>Absent means 0 unless it is the route's only destination (then Istio sends it 100).</summary>
    [JsonPropertyName("weight")]
    public int? Weight { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>A destination: a host and optionally a DestinationRule subset (port and the rest kept verbatim).</summary>
public sealed record Destination
{
    [JsonPropertyName("host")]
    public string? Host { get; init; }

    [JsonPropertyName("subset")]
    public string? Subset { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
