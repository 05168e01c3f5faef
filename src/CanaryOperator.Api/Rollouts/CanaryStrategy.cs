using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryOperator.Api.Primitives;

namespace CanaryOperator.Api.Rollouts;

/// <summary><c>spec.strategy.canary</c>.</summary>
public sealed record CanaryStrategy
{
    [JsonPropertyName("canaryService")]
    public string? CanaryService { get; init; }

    [JsonPropertyName("stableService")]
    public string? StableService { get; init; }

    [JsonPropertyName("steps")]
    public IReadOnlyList<CanaryStep>? Steps { get; init; }

    [JsonPropertyName("trafficRouting")]
    public TrafficRouting? TrafficRouting { get; init; }

    /// <summary>Int = pods, any string = percent (with or without '%'); default "25".</summary>
    [JsonPropertyName("maxSurge")]
    public IntOrString? MaxSurge { get; init; }

    /// <summary>Int = pods, any string = percent (with or without '%'); default "25".</summary>
    [JsonPropertyName("maxUnavailable")]
    public IntOrString? MaxUnavailable { get; init; }

    [JsonPropertyName("canaryMetadata")]
    public PodMetadata? CanaryMetadata { get; init; }

    [JsonPropertyName("stableMetadata")]
    public PodMetadata? StableMetadata { get; init; }

    [JsonPropertyName("scaleDownDelaySeconds")]
    public int? ScaleDownDelaySeconds { get; init; }

    [JsonPropertyName("scaleDownDelayRevisionLimit")]
    public int? ScaleDownDelayRevisionLimit { get; init; }

    [JsonPropertyName("abortScaleDownDelaySeconds")]
    public int? AbortScaleDownDelaySeconds { get; init; }

    [JsonPropertyName("dynamicStableScale")]
    public bool? DynamicStableScale { get; init; }

    [JsonPropertyName("minPodsPerReplicaSet")]
    public int? MinPodsPerReplicaSet { get; init; }

    [JsonPropertyName("replicaProgressThreshold")]
    public ReplicaProgressThreshold? ReplicaProgressThreshold { get; init; }

    [JsonPropertyName("analysis")]
    public JsonElement? Analysis { get; init; }

    [JsonPropertyName("antiAffinity")]
    public JsonElement? AntiAffinity { get; init; }

    [JsonPropertyName("pingPong")]
    public PingPong? PingPong { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>Labels and annotations put on canary or stable pods only while they play that role.</summary>
public sealed record PodMetadata
{
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    [JsonPropertyName("annotations")]
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

/// <summary><c>replicaProgressThreshold</c>: when a ReplicaSet counts as scaled enough to move on.</summary>
public sealed record ReplicaProgressThreshold
{
    /// <summary><c>Percent</c> or <c>Pods</c>.</summary>
    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("value")]
    public int Value { get; init; }
}

/// <summary><c>pingPong</c>: two Services swapped instead of stable/canary.</summary>
public sealed record PingPong
{
    [JsonPropertyName("pingService")]
    public string? PingService { get; init; }

    [JsonPropertyName("pongService")]
    public string? PongService { get; init; }
}
