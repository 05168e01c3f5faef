using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryOperator.Api.Primitives;

namespace CanaryOperator.Api.Rollouts;

/// <summary>One entry of <c>strategy.canary.steps</c>.</summary>
public sealed record CanaryStep
{
    [JsonPropertyName("setWeight")]
    public int? SetWeight { get; init; }

    [JsonPropertyName("pause")]
    public RolloutPause? Pause { get; init; }

    [JsonPropertyName("setCanaryScale")]
    public SetCanaryScale? SetCanaryScale { get; init; }

    [JsonPropertyName("setHeaderRoute")]
    public SetHeaderRoute? SetHeaderRoute { get; init; }

    [JsonPropertyName("setMirrorRoute")]
    public SetMirrorRoute? SetMirrorRoute { get; init; }

    /// <summary>Analysis steps are not run by this operator; kept so the manifest round-trips.</summary>
    [JsonPropertyName("analysis")]
    public JsonElement? Analysis { get; init; }

    /// <summary>Experiment steps are not run by this operator; kept so the manifest round-trips.</summary>
    [JsonPropertyName("experiment")]
    public JsonElement? Experiment { get; init; }

    [JsonPropertyName("plugin")]
    public JsonElement? Plugin { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary><c>pause: {}</c> waits for a promote; <c>pause: {duration: 10 | "10s"}</c> waits that long.</summary>
public sealed record RolloutPause
{
    [JsonPropertyName("duration")]
    public IntOrString? Duration { get; init; }
}

/// <summary><c>setCanaryScale</c>: size the canary independently of its traffic weight.</summary>
public sealed record SetCanaryScale
{
    [JsonPropertyName("weight")]
    public int? Weight { get; init; }

    [JsonPropertyName("replicas")]
    public int? Replicas { get; init; }

    [JsonPropertyName("matchTrafficWeight")]
    public bool? MatchTrafficWeight { get; init; }
}

/// <summary><c>setHeaderRoute</c>: a managed route sending matching requests to the canary.</summary>
public sealed record SetHeaderRoute
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("match")]
    public IReadOnlyList<HeaderRoutingMatch>? Match { get; init; }
}

/// <summary>One header match of a <see cref="SetHeaderRoute"/>.</summary>
public sealed record HeaderRoutingMatch
{
    [JsonPropertyName("headerName")]
    public string? HeaderName { get; init; }

    [JsonPropertyName("headerValue")]
    public StringMatch? HeaderValue { get; init; }
}

/// <summary>exact / prefix / regex; exactly one should be set.</summary>
public sealed record StringMatch
{
    [JsonPropertyName("exact")]
    public string? Exact { get; init; }

    [JsonPropertyName("prefix")]
    public string? Prefix { get; init; }

    [JsonPropertyName("regex")]
    public string? Regex { get; init; }
}

/// <summary><c>setMirrorRoute</c>: a managed route that mirrors matching requests to the canary.</summary>
public sealed record SetMirrorRoute
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Istio-style match blocks (method/path/headers); kept as JSON.</summary>
    [JsonPropertyName("match")]
    public IReadOnlyList<JsonElement>? Match { get; init; }

    [JsonPropertyName("percentage")]
    public int? Percentage { get; init; }
}
