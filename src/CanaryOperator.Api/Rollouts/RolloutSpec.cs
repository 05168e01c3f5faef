using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace CanaryOperator.Api.Rollouts;

/// <summary><c>spec</c> of a Rollout. Fields we do not model (analysis, ...) are kept in <see cref="Extra"/>.</summary>
public sealed record RolloutSpec
{
    /// <summary>Desired pods; nil means 1 (the controller writes 1 back so an HPA can scale it).</summary>
    [JsonPropertyName("replicas")]
    public int? Replicas { get; init; }

    [JsonPropertyName("selector")]
    public V1LabelSelector? Selector { get; init; }

    [JsonPropertyName("template")]
    public V1PodTemplateSpec? Template { get; init; }

    [JsonPropertyName("workloadRef")]
    public WorkloadRef? WorkloadRef { get; init; }

    [JsonPropertyName("minReadySeconds")]
    public int? MinReadySeconds { get; init; }

    [JsonPropertyName("revisionHistoryLimit")]
    public int? RevisionHistoryLimit { get; init; }

    [JsonPropertyName("paused")]
    public bool? Paused { get; init; }

    [JsonPropertyName("progressDeadlineSeconds")]
    public int? ProgressDeadlineSeconds { get; init; }

    [JsonPropertyName("progressDeadlineAbort")]
    public bool? ProgressDeadlineAbort { get; init; }

    /// <summary>RFC 3339 time after which pods created earlier are restarted.</summary>
    [JsonPropertyName("restartAt")]
    public string? RestartAt { get; init; }

    [JsonPropertyName("rollbackWindow")]
    public RollbackWindow? RollbackWindow { get; init; }

    [JsonPropertyName("strategy")]
    public RolloutStrategy Strategy { get; init; } = new();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary><c>spec.workloadRef</c>: the Deployment (or ReplicaSet / PodTemplate) whose pod template the Rollout uses.</summary>
public sealed record WorkloadRef
{
    [JsonPropertyName("apiVersion")]
    public string? ApiVersion { get; init; }

    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary><c>never</c> (default), <c>onsuccess</c> or <c>progressively</c>.</summary>
    [JsonPropertyName("scaleDown")]
    public string? ScaleDown { get; init; }
}

/// <summary><c>spec.rollbackWindow</c>: how many recent revisions count as a fast rollback.</summary>
public sealed record RollbackWindow
{
    [JsonPropertyName("revisions")]
    public int? Revisions { get; init; }
}

/// <summary><c>spec.strategy</c>. Only canary is implemented; blueGreen is preserved untouched.</summary>
public sealed record RolloutStrategy
{
    [JsonPropertyName("canary")]
    public CanaryStrategy? Canary { get; init; }

    [JsonPropertyName("blueGreen")]
    public JsonElement? BlueGreen { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}
