using System.Text.Json;
using System.Text.Json.Serialization;
using CanaryOperator.Api.Primitives;

namespace CanaryOperator.Api.Rollouts;

/// <summary><c>status</c> of a Rollout, with Argo's exact JSON names (note <c>HPAReplicas</c>).</summary>
public sealed record RolloutStatus
{
    [JsonPropertyName("abort")]
    public bool? Abort { get; init; }

    [JsonPropertyName("abortedAt")]
    [JsonConverter(typeof(NullableRfc3339TimeConverter))]
    public DateTimeOffset? AbortedAt { get; init; }

    [JsonPropertyName("pauseConditions")]
    public IReadOnlyList<PauseCondition>? PauseConditions { get; init; }

    [JsonPropertyName("controllerPause")]
    public bool? ControllerPause { get; init; }

    [JsonPropertyName("currentPodHash")]
    public string? CurrentPodHash { get; init; }

    [JsonPropertyName("currentStepHash")]
    public string? CurrentStepHash { get; init; }

    [JsonPropertyName("currentStepIndex")]
    public int? CurrentStepIndex { get; init; }

    /// <summary>The pod-template hash (not the name) of the stable ReplicaSet.</summary>
    [JsonPropertyName("stableRS")]
    public string? StableRS { get; init; }

    [JsonPropertyName("replicas")]
    public int? Replicas { get; init; }

    [JsonPropertyName("updatedReplicas")]
    public int? UpdatedReplicas { get; init; }

    [JsonPropertyName("readyReplicas")]
    public int? ReadyReplicas { get; init; }

    [JsonPropertyName("availableReplicas")]
    public int? AvailableReplicas { get; init; }

    [JsonPropertyName("collisionCount")]
    public int? CollisionCount { get; init; }

    /// <summary>A string, as Argo writes it (<c>strconv.Itoa(generation)</c>).</summary>
    [JsonPropertyName("observedGeneration")]
    public string? ObservedGeneration { get; init; }

    [JsonPropertyName("conditions")]
    public IReadOnlyList<RolloutCondition>? Conditions { get; init; }

    [JsonPropertyName("canary")]
    public CanaryStatus? Canary { get; init; }

    /// <summary>Σ status.replicas of every ReplicaSet of the rollout; what an HPA reads through /scale.</summary>
    [JsonPropertyName("HPAReplicas")]
    public int? HPAReplicas { get; init; }

    /// <summary>The label selector in text form (<c>app=foo</c>); what an HPA reads through /scale.</summary>
    [JsonPropertyName("selector")]
    public string? Selector { get; init; }

    [JsonPropertyName("restartedAt")]
    public string? RestartedAt { get; init; }

    [JsonPropertyName("promoteFull")]
    public bool? PromoteFull { get; init; }

    [JsonPropertyName("phase")]
    public string? Phase { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("workloadObservedGeneration")]
    public string? WorkloadObservedGeneration { get; init; }

    [JsonPropertyName("blueGreen")]
    public JsonElement? BlueGreen { get; init; }

    /// <summary>Start, manual-pause and finish times of the current update (new in Argo Rollouts 1.10).</summary>
    [JsonPropertyName("duration")]
    public RolloutDuration? Duration { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>Why and since when a rollout is paused.</summary>
public sealed record PauseCondition
{
    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("startTime")]
    [JsonConverter(typeof(NullableRfc3339TimeConverter))]
    public DateTimeOffset? StartTime { get; init; }
}

/// <summary>A status condition following the Kubernetes API conventions.</summary>
public sealed record RolloutCondition
{
    [JsonPropertyName("type")]
    public string Type { get; init; } = "";

    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    [JsonPropertyName("status")]
    public string Status { get; init; } = "";

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    [JsonPropertyName("lastUpdateTime")]
    [JsonConverter(typeof(NullableRfc3339TimeConverter))]
    public DateTimeOffset? LastUpdateTime { get; init; }

    [JsonPropertyName("lastTransitionTime")]
    [JsonConverter(typeof(NullableRfc3339TimeConverter))]
    public DateTimeOffset? LastTransitionTime { get; init; }
}

/// <summary><c>status.canary</c>.</summary>
public sealed record CanaryStatus
{
    [JsonPropertyName("weights")]
    public TrafficWeights? Weights { get; init; }

    [JsonPropertyName("stablePingPong")]
    public string? StablePingPong { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary><c>status.canary.weights</c>: the traffic split last written to the router.</summary>
public sealed record TrafficWeights
{
    [JsonPropertyName("canary")]
    public WeightDestination Canary { get; init; } = new();

    [JsonPropertyName("stable")]
    public WeightDestination Stable { get; init; } = new();

    [JsonPropertyName("additional")]
    public IReadOnlyList<WeightDestination>? Additional { get; init; }

    [JsonPropertyName("verified")]
    public bool? Verified { get; init; }
}

/// <summary>One destination's weight and the ReplicaSet hash it pointed at.</summary>
public sealed record WeightDestination
{
    [JsonPropertyName("weight")]
    public int Weight { get; init; }

    [JsonPropertyName("serviceName")]
    public string? ServiceName { get; init; }

    [JsonPropertyName("podTemplateHash")]
    public string? PodTemplateHash { get; init; }
}
